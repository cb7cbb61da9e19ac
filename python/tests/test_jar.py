"""paramavg.jar() finds the application jar, and a session without it gets one clear error."""

from pathlib import Path

import pytest

import paramavg
from paramavg import JarNotFoundError

from conftest import run_program


def test_jar_is_the_application_jar_the_build_writes() -> None:
    path = Path(paramavg.jar())
    assert path.is_file()
    assert path.name.startswith("paramavg-driver-") and path.name.endswith("-app.jar")


def test_jar_environment_variable_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "elsewhere.jar"
    chosen.write_bytes(b"PK")
    monkeypatch.setenv(paramavg.JAR_ENV, str(chosen))
    assert paramavg.jar() == str(chosen.resolve())


def test_jar_environment_variable_naming_no_file_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paramavg.JAR_ENV, str(tmp_path / "missing.jar"))
    with pytest.raises(JarNotFoundError, match="PARAMAVG_JAR.*missing.jar.*not a file"):
        paramavg.jar()


NO_JAR_PROGRAM = """
from conftest import session_builder
from paramavg.ml import ParamAvgClassifier
session_builder(with_jar=False).getOrCreate()
ParamAvgClassifier()
"""


@pytest.mark.slow
def test_session_without_the_jar_gets_one_python_error_saying_how_to_add_it() -> None:
    done = run_program(NO_JAR_PROGRAM, 180)
    assert done.returncode == 1, done.stderr[-3000:]
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("paramavg.errors.MissingJarError: this Spark session cannot load "
                           "io.paramavg.ml.ParamAvgClassifier"), last
    assert 'config("spark.jars", paramavg.jar())' in last
    assert paramavg.jar() in last
    assert "Py4J" not in done.stderr and "JavaPackage" not in done.stderr


def test_pyspark_is_the_spark_version_the_jar_is_built_against() -> None:
    import re

    import pyspark

    pom = (Path(__file__).parents[2] / "pom.xml").read_text()
    match = re.search(r"<spark.version>([^<]+)</spark.version>", pom)
    assert match is not None
    assert pyspark.__version__ == match.group(1), "pin pyspark in python/pyproject.toml's test extra to it"
