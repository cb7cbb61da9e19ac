"""A real MLflow tracking server for the tests, as the Java tests start one (``MlflowServer``): ``mlflow server``
on 127.0.0.1 with a SQLite store and a local artifact folder, from the test environment's own MLflow
(``python -m mlflow``: the venv's ``bin/mlflow`` script names the interpreter it was installed with, which a
copied venv does not have).
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from server_process import free_port, stop_group


class Server:
    """A running server: ``uri`` for ``mlflow.set_tracking_uri``; :meth:`stop` ends it and its workers."""

    def __init__(self, process: subprocess.Popen, uri: str, log: Path) -> None:
        self.process = process
        self.uri = uri
        self.log = log

    def stop(self, timeout_s: float = 60) -> None:
        stop_group(self.process, timeout_s)


def start(folder: Path, timeout_s: float = 180) -> Server:
    """Starts a server keeping its store and artifacts in ``folder``; returns once it answers /health, raises with
    its log's end if it dies or is late."""
    port = free_port()
    log = folder / "mlflow-server.log"
    command = [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
               "--workers", "1", "--backend-store-uri", f"sqlite:///{folder / 'mlflow.db'}",
               "--artifacts-destination", str(folder / "artifacts")]
    env = dict(os.environ)
    env.pop("MLFLOW_TRACKING_URI", None)
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mlflow server exited with {process.returncode}: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.uri + "/health", timeout=5) as health:
                if health.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError):
            pass  # still starting
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"mlflow server did not answer /health within {timeout_s} s: {log.read_text()[-3000:]}")
