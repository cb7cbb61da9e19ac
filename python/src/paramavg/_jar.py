"""Finding paramavg's application jar, the one file a Spark session needs to run the Python stages.

The jar (``paramavg-driver-<version>-app.jar``, written by ``./mvnw package`` to ``driver/target``)
holds paramavg, DL4J and ND4J with its natives, and leaves Spark out: it runs on the Spark that PySpark
ships. It is too large to carry inside the Python package by default, so :func:`jar` looks where it
can be: ``$PARAMAVG_JAR``; the running session's ``spark.jars`` (what ``spark-submit --jars`` sets);
a ``jars/`` folder inside the installed package (for a wheel built with it); the source checkout the
package was installed from.
"""

import fnmatch
import os
from pathlib import Path
from typing import List, Optional
from urllib.parse import urlparse

from pyspark import SparkContext

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


def _in_session() -> Optional[Path]:
    """The application jar among the running session's ``spark.jars``, if it is a local file."""
    sc = SparkContext._active_spark_context
    if sc is None:
        return None
    for entry in (sc.getConf().get("spark.jars") or "").split(","):
        url = urlparse(entry.strip())
        path = Path(url.path if url.scheme in ("", "file", "local") else "")
        if fnmatch.fnmatch(path.name, _PATTERN) and path.is_file():
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
