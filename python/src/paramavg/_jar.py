"""Finding paramavg's application jar, the one file a Spark session needs to run the Python stages.

paramavg builds one jar per Spark line, named for it: ``paramavg-driver-<version>-spark4_2.13.jar``
(Spark 4, Scala 2.13, what ``./mvnw package`` writes to ``driver/target``) and
``paramavg-driver-<version>-spark3.5_2.12.jar`` (``./mvnw -Pspark-3.5 package``). Each holds paramavg,
DL4J and ND4J with its natives, and leaves Spark out: it runs on the Spark that PySpark ships, so the
jar must be the one for the running PySpark's line. :func:`jar` looks where it can be:
``$PARAMAVG_JAR``; the running session's ``spark.jars`` (what ``spark-submit --jars`` sets); a ``jars/``
folder inside the installed package (a wheel built with ``scripts/build-wheel``); the source checkout
the package was installed from.
"""

import fnmatch
import os
from pathlib import Path
from typing import List, Optional
from urllib.parse import urlparse

import pyspark
from pyspark import SparkContext

__all__ = ["jar", "line", "JAR_ENV", "JarNotFoundError"]

#: The environment variable that names the jar, and wins over every other place.
JAR_ENV = "PARAMAVG_JAR"

#: Every Spark line's jar, and the command that builds each.
_ANY_LINE = "paramavg-driver-*-spark*_2.1?.jar"
_LINES = {
    "spark4_2.13": "./mvnw -B -pl driver -am package -DskipTests",
    "spark3.5_2.12": "./mvnw -B -Pspark-3.5 -pl driver -am clean package -DskipTests",
}


class JarNotFoundError(FileNotFoundError):
    """No application jar where :func:`jar` looks; the message lists the places and how to build it."""


def line(spark_version: Optional[str] = None) -> str:
    """The Spark line a jar must be built for to run on ``spark_version`` (default: the installed PySpark's).

    >>> line("3.5.9"), line("4.2.0")
    ('spark3.5_2.12', 'spark4_2.13')
    """
    version = spark_version or pyspark.__version__
    return "spark3.5_2.12" if version.startswith("3.") else "spark4_2.13"


def _pattern(for_line: str) -> str:
    return f"paramavg-driver-*-{for_line}.jar"


def _candidates() -> List[Path]:
    """The folders searched after ``$PARAMAVG_JAR``, in order."""
    package = Path(__file__).resolve().parent
    # python/src/paramavg -> the repository root, when the package is used from (or installed
    # editable from) a checkout.
    checkout = package.parents[2] / "driver" / "target"
    return [package / "jars", checkout]


def _newest(folder: Path, pattern: str) -> Optional[Path]:
    found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    return found[0] if found else None


def _in_session() -> Optional[Path]:
    """The application jar among the running session's ``spark.jars``, if it is a local file."""
    sc = SparkContext._active_spark_context
    if sc is None:
        return None
    for entry in (sc.getConf().get("spark.jars") or "").split(","):
        url = urlparse(entry.strip())
        path = Path(url.path if url.scheme in ("", "file", "local") else "")
        if fnmatch.fnmatch(path.name, _ANY_LINE) and path.is_file():
            return path
    return None


def jar() -> str:
    """The absolute path of paramavg's application jar, for ``spark.jars`` or ``spark-submit --jars``.

    >>> spark = SparkSession.builder.config("spark.jars", paramavg.jar()).getOrCreate()  # doctest: +SKIP

    Raises :class:`JarNotFoundError` naming every place searched when there is none.
    """
    named = os.environ.get(JAR_ENV)
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise JarNotFoundError(f"${JAR_ENV} is {named!r}, which is not a file")
        return str(path.resolve())
    running = _in_session()
    if running is not None:
        return str(running)
    wanted = line()
    searched = _candidates()
    for folder in searched:
        found = _newest(folder, _pattern(wanted))
        if found is not None:
            return str(found)
    others = [j for folder in searched for j in folder.glob(_ANY_LINE)]
    if others:
        raise JarNotFoundError(
            f"this is PySpark {pyspark.__version__}, which needs paramavg's {wanted} jar "
            f"({_pattern(wanted)}), but the only jar found is {others[0]}, built for another Spark line; "
            f"build the right one with '{_LINES[wanted]}' in the repository, or set ${JAR_ENV} to its path"
        )
    raise JarNotFoundError(
        f"paramavg's application jar for PySpark {pyspark.__version__} ({_pattern(wanted)}) is not in "
        + ", ".join(str(f) for f in searched)
        + f"; build it with '{_LINES[wanted]}' in the repository, or set ${JAR_ENV} to its path"
    )
