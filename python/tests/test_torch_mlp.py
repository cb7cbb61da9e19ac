"""The benchmark's PyTorch comparison program (python/bench/torch_mlp.py).

Its file reading and its figures need no PyTorch and run everywhere; the training runs need PyTorch,
which the benchmark installs into its own virtual environment (about 4 GB with the CUDA libraries its
Linux wheel pulls in) and the test environments do not: they run where PyTorch is importable
(``scripts/bench`` prints the command) and are skipped, saying so, where it is not.
"""

import gzip
import importlib.util
import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "python" / "bench" / "torch_mlp.py"
EMBEDDED = ROOT / "worker" / "src" / "main" / "resources" / "paramavg" / "mnist-sample"

spec = importlib.util.spec_from_file_location("torch_mlp", PROGRAM)
torch_mlp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(torch_mlp)


def _idx(path, magic, dims, body):
    path.write_bytes(magic + struct.pack(f">{len(dims)}I", *dims) + body)
    return path


def test_the_embedded_sample_reads_as_images_with_matching_labels():
    (train_count, features, pixels, labels), (test_count, _, _, test_labels) = torch_mlp.load(EMBEDDED)
    assert features == 784
    assert len(pixels) == train_count * 784 and len(labels) == train_count
    assert len(test_labels) == test_count > 0
    assert set(labels) == set(range(10))


def test_a_header_declaring_more_values_than_allowed_is_refused_before_anything_is_allocated(tmp_path):
    bomb = _idx(tmp_path / "train-images-idx3-ubyte", b"\x00\x00\x08\x03", (4_000_000_000, 28, 28), b"")
    with pytest.raises(torch_mlp.IdxError, match=r"train-images-idx3-ubyte: dimensions: expected 1 to"):
        torch_mlp.read_idx(bomb, torch_mlp._IMAGES)


def test_a_short_body_names_the_file_the_field_and_both_lengths(tmp_path):
    short = tmp_path / "x.gz"
    with gzip.open(short, "wb") as out:
        out.write(b"\x00\x00\x08\x01" + struct.pack(">I", 10) + b"\x01" * 7)
    with pytest.raises(torch_mlp.IdxError, match=r"x.gz: data: expected 10 bytes after the header, found 7"):
        torch_mlp.read_idx(short, torch_mlp._LABELS)


def test_a_labels_file_given_as_images_is_refused_by_its_magic_number(tmp_path):
    labels = _idx(tmp_path / "l", b"\x00\x00\x08\x01", (3,), b"\x01\x02\x03")
    with pytest.raises(torch_mlp.IdxError, match=r"magic number: expected 0x00000803, found 0x00000801"):
        torch_mlp.read_idx(labels, torch_mlp._IMAGES)


def test_labels_and_images_of_different_counts_are_refused(tmp_path):
    _idx(tmp_path / "train-images-idx3-ubyte", b"\x00\x00\x08\x03", (2, 1, 1), b"\x00\x01")
    _idx(tmp_path / "train-labels-idx1-ubyte", b"\x00\x00\x08\x01", (3,), b"\x00\x01\x02")
    with pytest.raises(torch_mlp.IdxError, match=r"label count: expected 2 .*found 3"):
        torch_mlp.load(tmp_path)


def test_the_time_to_accuracy_counts_training_seconds_up_to_the_first_epoch_at_the_target():
    result = torch_mlp.summary([3.0, 1.0, 2.0, 1.5], [0.80, 0.87, 0.881, 0.89], 60000, 32, 0.88)
    assert result["seconds_to_accuracy"] == pytest.approx(6.0)
    assert result["epochs_to_accuracy"] == 3
    assert result["seconds_per_epoch"] == pytest.approx(1.5)  # median of the epochs after the first
    assert "seconds_to_accuracy" not in torch_mlp.summary([1.0, 1.0], [0.5, 0.6], 10, 32, 0.88)


def test_bad_files_exit_3_with_one_line_before_pytorch_is_needed(tmp_path):
    done = subprocess.run([sys.executable, str(PROGRAM), "single", "--data", str(tmp_path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "expected one of train-images-idx3-ubyte" in done.stderr


@pytest.mark.parametrize("mode", ["single", "ddp"])
def test_one_epoch_on_the_embedded_sample_learns_the_digits(mode):
    pytest.importorskip("torch", reason="PyTorch is not installed here (scripts/bench installs it for its rows)")
    done = subprocess.run([sys.executable, str(PROGRAM), mode, "--data", str(EMBEDDED), "--epochs", "2",
                           "--target", "0.99"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1].removeprefix("RESULT "))
    assert len(result["epoch_seconds"]) == 2 and len(result["epoch_accuracies"]) == 2
    assert result["test_accuracy"] > 0.85
    assert result["processes"] == (2 if mode == "ddp" else 1)
