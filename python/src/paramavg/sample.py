"""The 10,000-digit MNIST sample that ships inside paramavg's jar, as DataFrames.

The same IDX files ``paramavg train`` uses when given no data (8,000 training and 2,000 test digits),
read from the application jar so that a quick start needs no download. Pixels are divided by 255 as
floats, as paramavg's IDX reader does, so a model trained on these rows sees what the command line's
sees.
"""

import functools
import gzip
import struct
import zipfile
from typing import List, Optional, Tuple

import numpy as np
from pyspark.ml.linalg import DenseVector, SparseVector, Vector, VectorUDT
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import DoubleType, StructField, StructType

from ._jar import jar

__all__ = ["mnist"]

_FOLDER = "paramavg/mnist-sample/"
_SPLITS = ("train", "test")
_BLOCK = 1000


def _idx(data: bytes, dimensions: int, name: str) -> np.ndarray:
    """The unsigned bytes of an IDX file with ``dimensions`` dimensions, shaped as it says."""
    magic = struct.unpack(">I", data[:4])[0]
    if magic != 0x0800 + dimensions:
        raise ValueError(f"{name}: magic number: expected {0x0800 + dimensions:#010x}, found {magic:#010x}")
    shape = struct.unpack(">" + "I" * dimensions, data[4 : 4 + 4 * dimensions])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dimensions).reshape(shape)


def _read(split: str, jar_path: str) -> Tuple[np.ndarray, np.ndarray]:
    with zipfile.ZipFile(jar_path) as archive:

        def entry(kind: str) -> bytes:
            name = f"{_FOLDER}{split}-{kind}.gz"
            return gzip.decompress(archive.read(name))

        images = _idx(entry("images-idx3-ubyte"), 3, f"{split} images")
        labels = _idx(entry("labels-idx1-ubyte"), 1, f"{split} labels")
    return images.reshape(len(images), -1), labels


def mnist(spark: SparkSession, split: str = "train", limit: Optional[int] = None) -> DataFrame:
    """The sample's ``split`` ("train" or "test") as a DataFrame of ``label`` (double) and ``features``
    (an ML Vector of 784 pixels in [0, 1]); ``limit`` keeps the first rows only.
    """
    if split not in _SPLITS:
        raise ValueError(f"split must be one of {', '.join(_SPLITS)}, found {split!r}")
    pixels, labels = _read(split, jar())
    if limit is not None:
        pixels, labels = pixels[:limit], labels[:limit]
    # float32 first, as the Java reader stores pixel / 255.
    features = (pixels.astype(np.float32) / np.float32(255)).astype(np.float64)
    rows: List[Tuple[float, Vector]] = [(float(label), _compressed(row)) for label, row in zip(labels, features)]
    schema = StructType(
        [StructField("label", DoubleType(), False), StructField("features", VectorUDT(), False)]
    )
    # Local rows travel inside the tasks that scan them: a union of blocks of sparse rows keeps each
    # task under Spark's recommended size (1 MB), and no Python worker is needed (parallelize would).
    blocks = [spark.createDataFrame(rows[i : i + _BLOCK], schema) for i in range(0, len(rows), _BLOCK)]
    return functools.reduce(DataFrame.union, blocks)


def _compressed(values: np.ndarray) -> Vector:
    """Sparse when that is smaller, as MLlib's ``Vector.compressed`` chooses (digits are mostly 0)."""
    nonzero = np.flatnonzero(values)
    if 1.5 * len(nonzero) + 1 < len(values):
        return SparseVector(len(values), nonzero, values[nonzero])
    return DenseVector(values)
