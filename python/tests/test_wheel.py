"""The wheel that carries the jar: built by scripts/build-wheel, installed into a new virtual environment
with only PySpark (and numpy), it runs docs/python.md's quick start with no checkout and no Maven.

The wheel is built from the jar these tests use (``--jar``: no Maven build inside the test); the
quick start runs from an empty folder, on a PATH with the new environment and the system's Java only,
and without ``PARAMAVG_JAR``, so the only jar it can find is the one inside the installed package.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pyspark
import pytest

import paramavg

from test_docs import quick_start

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[2]
#: Building the wheel, and installing it with PySpark (pip's cache usually holds PySpark's wheel).
INSTALL_TIMEOUT_S = 900
RUN_TIMEOUT_S = 600

FIND_JAR = "import paramavg; print('jar:', paramavg.jar())"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel and PySpark of this suite's version; its python."""
    folder = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [str(ROOT / "scripts" / "build-wheel"), "--jar", paramavg.jar(), "--out", str(folder / "dist")],
        capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, env=dict(os.environ, PYTHON=sys.executable),
    )
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = built.stdout.strip().splitlines()[-1]
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", wheel, f"pyspark=={pyspark.__version__}"],
        capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    return python


def run_outside_the_checkout(python: Path, source: str, cwd: Path) -> subprocess.CompletedProcess:
    """``source`` run by ``python`` in ``cwd``, with no paramavg settings and no Maven on the PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARAMAVG_", "PYSPARK_", "SPARK_", "MAVEN"))}
    env["PATH"] = os.pathsep.join([str(python.parent), "/usr/bin", "/bin"])
    env["PYSPARK_PYTHON"] = str(python)
    return subprocess.run([str(python), "-c", source], capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                          env=env, cwd=str(cwd))


def test_wheel_holds_the_jar_and_its_package_finds_it_there(installed: Path, tmp_path: Path) -> None:
    done = run_outside_the_checkout(installed, FIND_JAR, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    found = Path(done.stdout.split("jar: ", 1)[1].strip())
    site = installed.parents[1] / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    assert found.parent == (site / "paramavg" / "jars").resolve()
    assert found.name == Path(paramavg.jar()).name


def test_quick_start_runs_from_the_wheel_in_a_new_environment_and_prints_its_accuracy(
    installed: Path, tmp_path: Path
) -> None:
    done = run_outside_the_checkout(installed, quick_start(), tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    match = re.search(r"^held-out accuracy: (\d\.\d{4})$", done.stdout, re.M)
    assert match is not None, done.stdout
    assert float(match.group(1)) > 0.85
