"""A PySpark job through spark-submit, with the jar in --jars and the package in --py-files, ends.

Under spark-submit the JVM is the parent: it runs the Python program and must exit after it. Spark
3.5's barrier timer thread (SPARK-46895, started by the engine's barrier stage) is not a daemon and
would keep it up; the engine replaces it with a daemon timer (issue 21), and this test fails if the JVM
is still running after the program ends.
"""

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import paramavg

pytestmark = pytest.mark.slow

JOB = """
import paramavg
from paramavg import sample
from paramavg.ml import ParamAvgClassifier
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
model = ParamAvgClassifier(hiddenLayers=[8], epochs=1, shards=2).fit(sample.mnist(spark, "test", limit=400))
print("package", paramavg.__file__)
print("classes", model.numClasses)
spark.stop()
print("done", flush=True)
"""

#: How long the job may take to train and print "done", and then how long its JVM may take to exit.
JOB_TIMEOUT_S = 300
EXIT_GRACE_S = 30


class StillRunning(Exception):
    """The job's program ended and spark-submit did not: the expected failure, and the only one."""


def package_zip(folder: Path) -> Path:
    """The package as --py-files takes it."""
    source = Path(paramavg.__file__).parent
    target = folder / "paramavg.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for file in source.rglob("*.py"):
            archive.write(file, Path("paramavg") / file.relative_to(source))
    return target


def wait_for_line(path: Path, line: str, process: subprocess.Popen, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if line in path.read_text().splitlines():
            return True
        if process.poll() is not None:
            return line in path.read_text().splitlines()
        time.sleep(1)
    return False


def test_spark_submit_python_job_ends_when_its_program_does(tmp_path: Path) -> None:
    job = tmp_path / "job.py"
    job.write_text(JOB)
    submit = Path(sys.executable).parent / "spark-submit"
    out = tmp_path / "stdout.txt"
    err = tmp_path / "stderr.txt"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    env.pop(paramavg.JAR_ENV, None)  # the job finds the jar through spark.jars, as a user's would
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [str(submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
             "--jars", paramavg.jar(), "--py-files", str(package_zip(tmp_path)), str(job)],
            stdout=stdout, stderr=stderr, env=env, cwd=str(tmp_path), start_new_session=True,
        )
    try:
        finished = wait_for_line(out, "done", process, JOB_TIMEOUT_S)
        assert finished, f"the job did not finish: {err.read_text()[-3000:]}"
        lines = out.read_text().splitlines()
        assert f"package {tmp_path / 'paramavg.zip'}/paramavg/__init__.py" in lines, "--py-files' package"
        assert "classes 10" in lines
        try:
            code = process.wait(timeout=EXIT_GRACE_S)
        except subprocess.TimeoutExpired:
            raise StillRunning(f"spark-submit still running {EXIT_GRACE_S} s after the Python program ended") from None
        assert code == 0, err.read_text()[-3000:]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
