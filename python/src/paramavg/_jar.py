"""Finding paramavg's application jar, the one file a Spark session needs to run the Python stages.

The jar (``paramavg-driver-<version>-app.jar``, written by ``./mvnw package`` to ``driver/target``)
holds paramavg, DL4J and ND4J with its natives, and leaves Spark out: it runs on the Spark that PySpark
ships. It is too large to carry inside the Python package by default, so :func:`jar` looks where it
can be: ``$PARAMAVG_JAR``, a ``jars/`` folder inside the installed package (for a wheel built with it),
then the source checkout the package was installed from.
"""

import os
from pathlib import Path
from typing import List, Optional

__all__ = ["jar", "JAR_ENV", "JarNotFoundError"]

#: The environment variable that names the jar, and wins over every other place.
JAR_ENV = "PARAMAVG_JAR"

_PATTERN = "paramavg-driver-*-app.jar"
_BUILD = "./mvnw -B -pl driver -am package -DskipTests"


class JarNotFoundError(FileNotFoundError):
    """No application jar where :func:`jar` looks; the message lists the places and how to build it."""


def _candidates() -> List[Path]:
    """The folders searched after ``$PARAMAVG_JAR``, in order."""
    package = Path(__file__).resolve().parent
    # python/src/paramavg -> the repository root, when the package is used from (or installed
    # editable from) a checkout.
    checkout = package.parents[2] / "driver" / "target"
    return [package / "jars", checkout]


def _newest(folder: Path) -> Optional[Path]:
    found = sorted(folder.glob(_PATTERN), key=lambda p: p.stat().st_mtime, reverse=True)
    return found[0] if found else None


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
    searched = _candidates()
    for folder in searched:
        found = _newest(folder)
        if found is not None:
            return str(found)
    raise JarNotFoundError(
        f"paramavg's application jar ({_PATTERN}) is not in "
        + ", ".join(str(f) for f in searched)
        + f"; build it with '{_BUILD}' in the repository, or set ${JAR_ENV} to its path"
    )
