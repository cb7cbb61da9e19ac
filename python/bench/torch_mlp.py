"""What a data engineer would otherwise write: paramavg's MLP in PyTorch, one process or DDP over gloo.

The benchmark (``scripts/bench``, ``io.paramavg.bench.Benchmark``) runs this beside paramavg and the
plain DL4J program on the same IDX files: the same network (784-256-128-10 by default, ReLU, softmax
output through ``CrossEntropyLoss``), Adam at learning rate 1e-3, PyTorch's default initialisation,
pixels divided by 255 as paramavg does. Two ways to run it:

* ``single``: one process with ``--threads`` intra-op threads, the whole training set.
* ``ddp``: ``--processes`` processes of ``--threads`` threads each, ``DistributedDataParallel`` over the
  gloo backend (what Spark's ``TorchDistributor`` runs on CPUs), each process a disjoint half of every
  epoch's shuffled order (``DistributedSampler``'s split), ``--batch-size`` records per process per step.

Only training is timed: the test set is scored after each epoch, outside the clock, as the JVM rows
do. With ``--target`` the run stops at the first epoch whose test accuracy reaches it (once it has run
``--min-epochs``). The last line
printed is ``RESULT {json}`` with the keys the JVM rows report (``epoch_seconds``,
``seconds_per_epoch`` = median of the epochs after the first, ``test_accuracy``, ``epoch_accuracies``,
``seconds_to_accuracy``, ``epochs_to_accuracy``, ...).

The IDX reader needs no PyTorch and checks every header against the file before it allocates
anything; PyTorch is imported only to train.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import statistics
import struct
import sys
import time
from pathlib import Path

# What an IDX file holds, by its magic number: (element type code 0x08 = unsigned byte, dimensions).
_IMAGES = (0x08, 3)
_LABELS = (0x08, 1)
# Fashion-MNIST and MNIST are 28 x 28; a header claiming more than this many values is refused before
# anything is allocated from it (the largest real IDX set here is 60,000 x 784 = 47 million).
_MAX_VALUES = 200_000_000


class IdxError(ValueError):
    """A file that is not the IDX data it claims to be: names the file, the field, expected and found."""


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")


def read_idx(path: Path, kind: tuple[int, int]) -> tuple[tuple[int, ...], bytes]:
    """The dimensions and the raw unsigned bytes of one IDX file, every header field checked first."""
    element, rank = kind
    with _open(path) as stream:
        header = stream.read(4)
        if len(header) != 4:
            raise IdxError(f"{path}: magic number: expected 4 bytes, found {len(header)}")
        zero, found_type, found_rank = struct.unpack(">HBB", header)
        if zero != 0 or found_type != element or found_rank != rank:
            raise IdxError(f"{path}: magic number: expected 0x0000{element:02x}{rank:02x}, "
                           f"found 0x{header.hex()}")
        raw = stream.read(4 * rank)
        if len(raw) != 4 * rank:
            raise IdxError(f"{path}: dimensions: expected {4 * rank} bytes, found {len(raw)}")
        dims = struct.unpack(f">{rank}I", raw)
        values = 1
        for d in dims:
            values *= d
        if any(d == 0 for d in dims) or values > _MAX_VALUES:
            raise IdxError(f"{path}: dimensions: expected 1 to {_MAX_VALUES} values in all, found {dims}")
        body = stream.read(values + 1)
        if len(body) != values:
            raise IdxError(f"{path}: data: expected {values} bytes after the header, found "
                           f"{len(body) if len(body) <= values else 'more'}")
        return dims, body


def _find(folder: Path, stems: list[str]) -> Path:
    for stem in stems:
        for name in (stem, stem + ".gz"):
            if (folder / name).is_file():
                return folder / name
    raise IdxError(f"{folder}: expected one of {', '.join(stems)} (optionally .gz), found none")


def load(folder: Path):
    """(train images, train labels, test images, test labels) as bytes with their shapes, checked."""
    sets = []
    for prefixes in (["train"], ["t10k", "test"]):
        images = _find(folder, [p + "-images-idx3-ubyte" for p in prefixes])
        labels = _find(folder, [p + "-labels-idx1-ubyte" for p in prefixes])
        (count, rows, cols), pixels = read_idx(images, _IMAGES)
        (label_count,), label_bytes = read_idx(labels, _LABELS)
        if label_count != count:
            raise IdxError(f"{labels}: label count: expected {count} (as {images.name}), found {label_count}")
        if max(label_bytes) > 9:
            raise IdxError(f"{labels}: labels: expected classes 0 to 9, found {max(label_bytes)}")
        sets.append((count, rows * cols, pixels, label_bytes))
    return sets


def time_to_accuracy(epoch_seconds: list[float], accuracies: list[float], target: float) -> dict:
    """Training seconds up to the end of the first epoch whose test accuracy reached the target."""
    elapsed = 0.0
    for epoch, (seconds, accuracy) in enumerate(zip(epoch_seconds, accuracies)):
        elapsed += seconds
        if accuracy >= target:
            return {"seconds_to_accuracy": elapsed, "epochs_to_accuracy": epoch + 1}
    return {}


def summary(epoch_seconds: list[float], accuracies: list[float], examples: int, batch: int, target: float) -> dict:
    """The JSON the benchmark reads: the same keys as the JVM rows (BenchRun)."""
    after_first = epoch_seconds[1:] if len(epoch_seconds) > 1 else epoch_seconds
    median = statistics.median(after_first)
    result = {"epoch_seconds": epoch_seconds, "seconds_per_epoch": median,
              "examples_per_second": examples / median, "test_accuracy": accuracies[-1],
              "batch_size": batch, "epoch_accuracies": accuracies}
    if target > 0:
        result["target_accuracy"] = target
        result.update(time_to_accuracy(epoch_seconds, accuracies, target))
    return result


def _tensors(torch, data_set):
    count, features, pixels, labels = data_set
    x = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).reshape(count, features).float().div_(255.0)
    y = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long()
    return x, y


def _network(torch, features: int, hidden: list[int], classes: int):
    layers, width = [], features
    for size in hidden:
        layers += [torch.nn.Linear(width, size), torch.nn.ReLU()]
        width = size
    layers.append(torch.nn.Linear(width, classes))
    return torch.nn.Sequential(*layers)


def _accuracy(torch, model, x, y) -> float:
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def train(args, rank: int = 0, world: int = 1) -> dict | None:
    """One process's training loop; rank 0 times the epochs, scores the test set and returns the summary."""
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_set, test_set = load(Path(args.data))
    x, y = _tensors(torch, train_set)
    test_x, test_y = _tensors(torch, test_set)
    model = _network(torch, x.shape[1], args.hidden, 10)
    if world > 1:
        model = torch.nn.parallel.DistributedDataParallel(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    loss_of = torch.nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(args.seed)
    seconds, accuracies = [], []
    for epoch in range(args.epochs):
        # Every rank draws the same permutation and takes its own interleaved part (DistributedSampler).
        mine = torch.randperm(len(y), generator=order)[rank::world]
        if world > 1:
            torch.distributed.barrier()
        start = time.perf_counter()
        model.train()
        for begin in range(0, len(mine), args.batch_size):
            batch = mine[begin:begin + args.batch_size]
            optimizer.zero_grad(set_to_none=True)
            loss_of(model(x[batch]), y[batch]).backward()
            optimizer.step()
        if world > 1:
            torch.distributed.barrier()
        seconds.append(time.perf_counter() - start)
        stop = False
        if rank == 0:
            model.eval()
            accuracies.append(_accuracy(torch, model, test_x, test_y))
            print(f"torch: epoch {epoch + 1}/{args.epochs} {seconds[-1]:.2f} s, test accuracy "
                  f"{accuracies[-1]:.4f}", flush=True)
            stop = 0 < args.target <= accuracies[-1] and epoch + 1 >= args.min_epochs
        if world > 1:
            flag = torch.tensor([1 if stop else 0])
            torch.distributed.broadcast(flag, 0)
            stop = bool(flag.item())
        if stop:
            break
    if rank != 0:
        return None
    result = summary(seconds, accuracies, len(y), args.batch_size, args.target)
    result.update({"torch_version": torch.__version__, "threads": args.threads, "processes": world})
    return result


def _ddp_worker(rank: int, args, port: int, results) -> None:
    import torch.distributed as dist

    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group("gloo", rank=rank, world_size=args.processes)
    try:
        result = train(args, rank, args.processes)
        if result is not None:
            results.put(result)
    finally:
        dist.destroy_process_group()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["single", "ddp"], help="one process, or DDP over gloo")
    parser.add_argument("--data", required=True,
                        help="a folder with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz] and "
                             "t10k- (or test-) images and labels")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=32, help="records per step (per process for ddp)")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per process")
    parser.add_argument("--processes", type=int, default=2, help="ddp only: processes (one rank each)")
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--hidden", type=int, nargs="+", default=[256, 128])
    parser.add_argument("--target", type=float, default=0.0,
                        help="report the training seconds to the first epoch whose test accuracy reaches this, "
                             "and stop there (0: run every epoch)")
    parser.add_argument("--min-epochs", type=int, default=1,
                        help="run at least this many epochs before stopping at the target")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    for name in ("epochs", "min_epochs", "batch_size", "threads", "processes"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')}: expected 1 or more, found {getattr(args, name)}")
    try:
        load(Path(args.data))  # bad files fail here, in one line, before any process starts
    except (IdxError, OSError) as error:
        print(f"torch_mlp: {error}", file=sys.stderr)
        return 3
    try:
        import torch  # noqa: F401
    except ImportError:
        print("torch_mlp: PyTorch is not installed in this Python (pip install torch)", file=sys.stderr)
        return 2
    if args.mode == "single":
        result = train(args)
    else:
        import torch.multiprocessing as mp

        context = mp.get_context("spawn")
        results = context.SimpleQueue()
        mp.start_processes(_ddp_worker, args=(args, _free_port(), results), nprocs=args.processes,
                           start_method="spawn")
        result = results.get()
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
