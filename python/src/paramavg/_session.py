"""The check that the running Spark session can reach paramavg's Java classes.

Without it a session that lacks the application jar fails deep inside py4j with "'JavaPackage' object
is not callable"; with it the user reads what is missing and the line that adds it.
"""

from py4j.java_gateway import JavaClass
from pyspark import SparkContext

from ._jar import JarNotFoundError, jar
from .errors import MissingJarError

__all__ = ["require_class"]


def _how_to_add() -> str:
    try:
        where = f"the jar is at {jar()}"
    except JarNotFoundError as missing:
        where = str(missing)
    return (
        "start the session with the jar: SparkSession.builder.config(\"spark.jars\", paramavg.jar())"
        ".getOrCreate() in a new Python process (a running session cannot add it), or spark-submit "
        f"--jars <jar> ...; {where}"
    )


def require_class(java_class: str) -> SparkContext:
    """The active SparkContext, once ``java_class`` is known to be loadable through it.

    Raises :class:`MissingJarError` when there is no active session or its classpath lacks the jar.
    """
    sc = SparkContext._active_spark_context
    if sc is None or sc._jvm is None:
        raise MissingJarError(f"paramavg needs an active SparkSession to create {java_class}; " + _how_to_add())
    found = sc._jvm
    for part in java_class.split("."):
        found = getattr(found, part)
    if not isinstance(found, JavaClass):
        raise MissingJarError(
            f"this Spark session cannot load {java_class}: paramavg's application jar is not on its "
            "classpath; " + _how_to_add()
        )
    return sc
