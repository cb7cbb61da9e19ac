"""The column Params, from PySpark's shared mixins, as the Java stages take them from ``ColumnParams``."""

from typing import TypeVar

from pyspark.ml.param.shared import (
    HasFeaturesCol,
    HasLabelCol,
    HasPredictionCol,
    HasProbabilityCol,
    HasRawPredictionCol,
    HasValidationIndicatorCol,
)

__all__ = ["ScoringColumns", "TrainingColumns"]

C = TypeVar("C", bound="ScoringColumns")
T = TypeVar("T", bound="TrainingColumns")


class ScoringColumns(
    HasFeaturesCol, HasLabelCol, HasPredictionCol, HasProbabilityCol, HasRawPredictionCol, HasValidationIndicatorCol
):
    """The six column Params both stages have, and the setters of the four that scoring reads or writes."""

    def setFeaturesCol(self: C, value: str) -> C:
        """Sets the features column: ML Vectors, as many entries as the model has inputs."""
        return self._set(featuresCol=value)

    def setPredictionCol(self: C, value: str) -> C:
        """Sets the column for the predicted class index (a double)."""
        return self._set(predictionCol=value)

    def setProbabilityCol(self: C, value: str) -> C:
        """Sets the column for the class probabilities (an ML Vector)."""
        return self._set(probabilityCol=value)

    def setRawPredictionCol(self: C, value: str) -> C:
        """Sets the column for the log of each class probability (an ML Vector)."""
        return self._set(rawPredictionCol=value)


class TrainingColumns(ScoringColumns):
    """The estimator's columns: the scoring ones and the label's setter."""

    def setLabelCol(self: T, value: str) -> T:
        """Sets the label column: numbers, or text (text is indexed)."""
        return self._set(labelCol=value)

    def setValidationIndicatorCol(self: T, value: str) -> T:
        """Marks the fit's validation rows by a boolean column (true: validation; null counts as false), as
        MLlib's GBTs and xgboost.spark do: they are scored after every epoch and drive early stopping, the rest
        train. A Param, so unlike :meth:`setValidationData` it survives Pipelines, persistence and Spark Connect.
        """
        return self._set(validationIndicatorCol=value)
