"""paramavg.jar() finds the application jar, and a session without it gets one clear error."""

from pathlib import Path

import pytest

import paramavg
from paramavg import JarNotFoundError

from conftest import run_program


def test_jar_is_the_application_jar_the_build_writes() -> None:
    path = Path(paramavg.jar())
    assert path.is_file()
    assert path.name.startswith("paramavg-driver-") and path.name.endswith(f"-{paramavg.line()}.jar")


def test_line_follows_the_spark_version() -> None:
    assert paramavg.line("3.5.9") == "spark3.5_2.12"
    assert paramavg.line("4.2.0") == "spark4_2.13"
    assert paramavg.line("4.3.0") == "spark4_2.13"


def test_only_the_other_lines_jar_is_an_error_naming_the_build_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paramavg import _jar

    other = "spark3.5_2.12" if paramavg.line() == "spark4_2.13" else "spark4_2.13"
    (tmp_path / f"paramavg-driver-0.1.0-{other}.jar").write_bytes(b"PK")
    monkeypatch.delenv(paramavg.JAR_ENV, raising=False)
    monkeypatch.setattr(_jar, "_candidates", lambda: [tmp_path])
    # The suite's running session has the right jar in spark.jars, which jar() would find first.
    monkeypatch.setattr(_jar, "_in_session", lambda: None)
    with pytest.raises(JarNotFoundError, match=f"needs paramavg's {paramavg.line()} jar.*built for another "
                       "Spark line; build the right one with './mvnw"):
        paramavg.jar()


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
    import os

    import pyspark

    assert pyspark.__version__ == os.environ["PARAMAVG_SPARK_VERSION"], "python/run-tests installs that PySpark"
