"""docs/python.md's quick start runs as written, prints a held-out accuracy, and its program ends."""

import re
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


def test_the_guides_quick_start_prints_a_held_out_accuracy_and_ends() -> None:
    done = run_program(quick_start(), 600)
    assert done.returncode == 0, done.stderr[-3000:]
    match = re.search(r"^held-out accuracy: (\d\.\d{4})$", done.stdout, re.M)
    assert match is not None, done.stdout
    assert float(match.group(1)) > 0.85
