"""What the test servers (Spark Connect, MLflow) share: a free port on 127.0.0.1, and ending a server's
whole process group (spark-submit runs its JVM, mlflow server its uvicorn workers, as children)."""

import os
import signal
import socket
import subprocess


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(process: subprocess.Popen, timeout_s: float = 60) -> None:
    """Ends the process group ``process`` leads (started with ``start_new_session=True``): TERM, then KILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout_s)
