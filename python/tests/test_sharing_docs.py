"""docs/sharing.md's ONNX example (and the README's copy of it) runs as written: the commands train
and export, and the program scores three embedded test images with ONNX Runtime and prints what the
page says it prints; its MLflow snippet sets the fit's MLflow Params (the MLflow runs themselves are
checked against a real server by the Java MlflowTrackingTest and test_mlflow.py); its PySpark-in-MLflow
programs log a pipeline to a real tracking server and load and score it in a fresh process as the page
says."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[2]
GUIDE = ROOT / "docs" / "sharing.md"
README = ROOT / "README.md"
#: Where the example writes; removed first so the commands run as a first-time user runs them.
RUN = Path("/tmp/paramavg-share")


def blocks(text: str, language: str) -> List[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def section(text: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading (a line starting with '#' outside code blocks)."""
    lines = text.split(heading + "\n", 1)[1].split("\n")
    kept, in_code = [], False
    for line in lines:
        if line.startswith("```"):
            in_code = not in_code
        elif line.startswith("#") and not in_code:
            break
        kept.append(line)
    return "\n".join(kept)


def test_the_readme_shows_the_guides_example() -> None:
    guide = section(GUIDE.read_text(), "## ONNX")
    readme = section(README.read_text(), "### Share a model")
    assert blocks(readme, "shell")[0] == blocks(guide, "shell")[0]
    assert blocks(readme, "python")[0] == blocks(guide, "python")[0]


def test_the_guides_onnx_example_exports_and_scores_as_the_page_says() -> None:
    guide = section(GUIDE.read_text(), "## ONNX")
    shutil.rmtree(RUN, ignore_errors=True)
    commands = subprocess.run(["bash", "-euo", "pipefail", "-c", blocks(guide, "shell")[0]], cwd=ROOT,
                              capture_output=True, text=True, timeout=900)
    assert commands.returncode == 0, commands.stderr[-3000:]
    assert (RUN / "model.onnx").is_file()

    program = subprocess.run([sys.executable, "-c", blocks(guide, "python")[0]], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)

    assert program.returncode == 0, program.stderr[-3000:]
    printed = program.stdout.strip()
    assert re.fullmatch(r"predicted \['\d', '\d', '\d'\] with probability \[[0-9. ]+\]", printed), printed
    documented = re.search(r"It prints `(predicted \[[^\]]*\])", guide)
    assert documented is not None, "the page says what the program prints"
    assert printed.startswith(documented.group(1)), (printed, documented.group(1))


def test_the_guides_mlflow_snippet_sets_the_fits_mlflow_params(spark) -> None:
    from paramavg.ml import ParamAvgClassifier

    scope = {"ParamAvgClassifier": ParamAvgClassifier}
    exec(blocks(section(GUIDE.read_text(), "## MLflow"), "python")[0], scope)

    classifier = scope["classifier"]
    assert classifier.getTrackingUri() == "http://127.0.0.1:5000"
    assert classifier.getExperiment() == "digits"
    assert classifier.getRunName() == "nightly fit"


@pytest.mark.line_independent
def test_the_guides_pyspark_pipeline_is_logged_then_loaded_and_scored_in_a_fresh_process(mlflow_server: str) -> None:
    guide = section(GUIDE.read_text(), "## PySpark models in MLflow")
    # The page's server is this test's: the one substitution; the rest runs as written.
    log, load = (block.replace("http://127.0.0.1:5000", mlflow_server) for block in blocks(guide, "python"))
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)

    logged = subprocess.run([sys.executable, "-c", log], cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env=env)
    assert logged.returncode == 0, logged.stderr[-3000:]
    loaded = subprocess.run([sys.executable, "-c", load], cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env=env)

    assert loaded.returncode == 0, loaded.stderr[-3000:]
    documented = re.search(r"It prints `([^`]*)` and then `([^`]*)`", guide)
    assert documented is not None, "the page says what the program prints"
    assert loaded.stdout.strip().splitlines() == [documented.group(1), documented.group(2)], loaded.stdout
