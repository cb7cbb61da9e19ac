"""Data the Java side refuses raises a Python error carrying the Java message."""

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml.linalg import Vectors
from pyspark.sql import SparkSession

from paramavg.errors import DataError

from conftest import small

pytestmark = pytest.mark.slow


def test_a_nan_label_raises_data_error_naming_row_column_expected_and_found(spark: SparkSession) -> None:
    rows = [(float(i % 2), Vectors.dense([i, 1.0])) for i in range(20)] + [(float("nan"), Vectors.dense([1.0, 2.0]))]
    frame = spark.createDataFrame(rows, ["label", "features"]).coalesce(1)
    with pytest.raises(DataError) as raised:
        small(epochs=1, hiddenLayers=[4]).fit(frame)
    assert str(raised.value) == "the DataFrame: row 21, column 'label': expected a finite label, found NaN"
    assert raised.value.__cause__ is None and "Py4J" not in str(raised.value)


def test_vectors_of_different_sizes_raise_data_error_naming_both(spark: SparkSession) -> None:
    rows = [(float(i % 2), Vectors.dense([i, 1.0, 2.0])) for i in range(20)] + [(1.0, Vectors.dense([1.0, 2.0]))]
    frame = spark.createDataFrame(rows, ["label", "features"]).coalesce(1)
    with pytest.raises(DataError, match=r"row 21: expected 3 features like the DataFrame: row 1, found 2"):
        small(epochs=1, hiddenLayers=[4]).fit(frame)


def test_a_features_column_that_is_not_vectors_is_refused_before_training(spark: SparkSession) -> None:
    frame = spark.createDataFrame([(0.0, 1.0), (1.0, 2.0)], ["label", "features"])
    with pytest.raises(IllegalArgumentException, match="featuresCol 'features' must be a column of ML Vectors"):
        small().fit(frame)
