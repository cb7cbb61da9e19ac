"""A local Spark Connect session whose server has paramavg's jar, without PySpark's spurious warnings.

``SparkSession.builder.remote("local[2]").config("spark.jars", paramavg.jar()).getOrCreate()`` works on
PySpark 4.2: PySpark starts the local server (a Spark driver in a JVM of this process) with every option
of the builder, so the jar is on its classpath. It then also tries to set each of those options on the
new Connect session, where the static ones (``spark.jars``, ``spark.driver.*``) cannot change, and warns
"Failed to set spark.jars ... CANNOT_MODIFY_CONFIG" although the jar is there (in 4.2.0,
``_start_connect_server`` filters a copy of the options, not the builder's own). :func:`local_session`
hands the server its static settings the way PySpark documents for any JVM it starts,
``PYSPARK_SUBMIT_ARGS`` (``--jars``, ``--conf``), and gives the builder only the SQL ones, which a
Connect session may set.

A remote Connect server gets the jar when it starts; see docs/python.md, "Spark Connect".
"""

import os
import shlex
from typing import Dict, Mapping, Optional

from pyspark.sql import SparkSession

from ._jar import jar

__all__ = ["local_session", "SUBMIT_ARGS_ENV"]

#: The environment variable PySpark reads for the spark-submit arguments of the JVM it starts.
SUBMIT_ARGS_ENV = "PYSPARK_SUBMIT_ARGS"


def _submit_args(conf: Mapping[str, str], existing: Optional[str]) -> str:
    """``existing`` spark-submit arguments with paramavg's jar and ``conf`` added, ending with
    ``pyspark-shell`` (the primary resource PySpark's launcher expects last)."""
    args = shlex.split(existing or "")
    if args and args[-1] == "pyspark-shell":
        args.pop()
    args += ["--jars", jar()]
    for key, value in conf.items():
        args += ["--conf", f"{key}={value}"]
    return " ".join(shlex.quote(a) for a in args + ["pyspark-shell"])


def local_session(master: str = "local[2]", conf: Optional[Mapping[str, str]] = None) -> SparkSession:
    """A Spark Connect session on a new local server (``master``, e.g. ``local[2]``) that has paramavg's jar.

    ``conf`` holds Spark settings: those under ``spark.sql.`` go to the Connect session, the rest to the
    server as it starts (``spark.driver.memory``, ``spark.ui.enabled``, ...). Must be called before any
    Spark session or context exists in this process; stop the session with ``spark.stop()``.
    """
    settings: Dict[str, str] = {k: str(v) for k, v in (conf or {}).items()}
    static = {k: v for k, v in settings.items() if not k.startswith("spark.sql.")}
    before = os.environ.get(SUBMIT_ARGS_ENV)
    os.environ[SUBMIT_ARGS_ENV] = _submit_args(static, before)
    try:
        builder = SparkSession.builder.remote(master)
        for key, value in settings.items():
            if key.startswith("spark.sql."):
                builder = builder.config(key, value)
        return builder.getOrCreate()
    finally:
        # The JVM has started with them: processes this one starts later get the environment it had.
        if before is None:
            del os.environ[SUBMIT_ARGS_ENV]
        else:
            os.environ[SUBMIT_ARGS_ENV] = before
