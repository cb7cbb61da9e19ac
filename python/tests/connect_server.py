"""A real Spark Connect server for the tests, started as a user starts one: Spark's own entry point
(``org.apache.spark.sql.connect.service.SparkConnectServer``, what ``sbin/start-connect-server.sh`` submits)
through the ``spark-submit`` that PySpark ships, with paramavg's jar in ``--jars``, on loopback.

PySpark's package has no ``sbin/start-connect-server.sh`` (its ``sbin`` holds the history server's
scripts only); that script is ``spark-submit --class ...SparkConnectServer spark-internal`` with the
arguments given to it, which is what :func:`start` runs.
"""

import os
import socket
import subprocess
import time
from pathlib import Path
from typing import List, Optional

import pyspark

from server_process import free_port, stop_group

SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


def spark_submit() -> str:
    """PySpark's own ``spark-submit``."""
    return str(Path(pyspark.__file__).parent / "bin" / "spark-submit")


def command(port: int, jar: Optional[str]) -> List[str]:
    """The server's command line: ``local[2]``, loopback only, no UI, paramavg's jar when ``jar`` is given."""
    args = [spark_submit(), "--master", "local[2]", "--driver-memory", "2g"]
    if jar is not None:
        args += ["--jars", jar]
    for key, value in {
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": str(port),
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "4",
    }.items():
        args += ["--conf", f"{key}={value}"]
    return args + ["--class", SERVER_CLASS, "spark-internal"]


class Server:
    """A running server: ``url`` for ``SparkSession.builder.remote``; :meth:`stop` ends it and its JVM."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path) -> None:
        self.process = process
        self.url = f"sc://127.0.0.1:{port}"
        self.log = log

    def stop(self, timeout_s: float = 60) -> None:
        stop_group(self.process, timeout_s)


def start(log: Path, jar: Optional[str], timeout_s: float = 180) -> Server:
    """Starts a server and waits until its port answers; raises, with its log's end, if it dies or is late."""
    port = free_port()
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env.pop("SPARK_REMOTE", None)
    out = open(log, "w")
    process = subprocess.Popen(
        command(port, jar), stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )
    server = Server(process, port, log)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Connect server exited with {process.returncode}: {log.read_text()[-3000:]}")
        with socket.socket() as s:
            s.settimeout(1)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(1)
    server.stop()
    raise RuntimeError(f"the Connect server did not listen within {timeout_s} s: {log.read_text()[-3000:]}")
