"""One local[2] SparkSession with paramavg's jar for the whole run, and the embedded sample's tables.

Tests that need a process of their own (a session without the jar, a program that must exit) start
one with :func:`run_program`; tests that log to MLflow share one real tracking server (:func:`mlflow_server`).
"""

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator, List

import pytest
from pyspark.sql import DataFrame, SparkSession

import paramavg
from paramavg import sample
from paramavg.ml import ParamAvgClassifier

#: Spark settings every session in the tests uses: loopback only, no UI, quiet.
SESSION_CONF = {
    "spark.master": "local[2]",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "2g",
}


def session_builder(with_jar: bool = True) -> SparkSession.Builder:
    builder = SparkSession.builder.appName("paramavg-python-tests")
    for key, value in SESSION_CONF.items():
        builder = builder.config(key, value)
    if with_jar:
        builder = builder.config("spark.jars", paramavg.jar())
    return builder


def small(**params: object) -> ParamAvgClassifier:
    """A classifier that trains in seconds on the sample and still learns (accuracy > 0.8)."""
    defaults = dict(hiddenLayers=[32], epochs=2, shards=2, seed=7)
    defaults.update(params)
    return ParamAvgClassifier(**defaults)


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    session = session_builder().getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture(scope="session")
def train(spark: SparkSession) -> DataFrame:
    return sample.mnist(spark, "train").cache()


@pytest.fixture(scope="session")
def test(spark: SparkSession) -> DataFrame:
    return sample.mnist(spark, "test").cache()


@pytest.fixture(scope="session")
def test_parquet(test: DataFrame, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("tables") / "test.parquet")
    test.write.parquet(path)
    return path


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tracking URI of a real ``mlflow server`` (SQLite store, local artifact folder) for the whole run."""
    import mlflow_server as servers

    server = servers.start(tmp_path_factory.mktemp("mlflow"))
    try:
        yield server.uri
    finally:
        server.stop()


def run_program(source: str, timeout_s: float, *args: str, **env_vars: str) -> subprocess.CompletedProcess:
    """Runs ``source`` in a new Python process with this interpreter, from the tests' folder, with
    ``env_vars`` added to the environment; raises TimeoutExpired if it runs past ``timeout_s``.
    """
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYTHONUNBUFFERED="1")
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "-c", source, *args],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env=env,
        cwd=str(Path(__file__).parent),
    )


def predictions(scored: DataFrame) -> List[float]:
    return [row[0] for row in scored.select("prediction").collect()]
