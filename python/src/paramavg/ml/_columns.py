"""The column Params paramavg adds to MLlib's, as the Java stages take them from ``ColumnParams``.

MLlib's own column Params (``featuresCol``, ``labelCol``, ``predictionCol``, ``probabilityCol``,
``rawPredictionCol``, ``thresholds``) and their setters come with PySpark's probabilistic classifier base
classes, as for ``LogisticRegression``; these are the two more: the validation indicator (PySpark's shared
mixin, as MLlib's GBTs have it) and the predicted label's column.
"""

from typing import TypeVar

from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import HasValidationIndicatorCol

__all__ = ["ScoringColumns", "TrainingColumns"]

C = TypeVar("C", bound="ScoringColumns")
T = TypeVar("T", bound="TrainingColumns")


class HasPredictedLabelCol(Params):
    """The column for the original label of the predicted class."""

    predictedLabelCol: "Param[str]" = Param(
        Params._dummy(),
        "predictedLabelCol",
        "column name for the original label of the predicted class (a double when the training labels were "
        "numbers, else a string; predictionCol holds the class index, 0..numClasses-1, that probabilityCol is "
        "indexed by); not written when empty, nor under its default name when the labels are the class indices "
        "themselves",
        typeConverter=TypeConverters.toString,
    )

    def __init__(self) -> None:
        super().__init__()
        self._setDefault(predictedLabelCol="predictedLabel")

    def getPredictedLabelCol(self) -> str:
        """The value of predictedLabelCol or its default."""
        return self.getOrDefault(self.predictedLabelCol)


class ScoringColumns(HasValidationIndicatorCol, HasPredictedLabelCol):
    """paramavg's two column Params, which both stages have, and the setter of the one scoring writes."""

    def setPredictedLabelCol(self: C, value: str) -> C:
        """Sets the column for the original label of the predicted class (``prediction`` is its class index);
        not written when empty, nor under its default name when the labels are the class indices 0..K-1."""
        return self._set(predictedLabelCol=value)


class TrainingColumns(ScoringColumns):
    """The estimator's columns: the scoring ones and the validation indicator's setter."""

    def setValidationIndicatorCol(self: T, value: str) -> T:
        """Marks the fit's validation rows by a boolean column (true: validation; null counts as false), as
        MLlib's GBTs and xgboost.spark do: they are scored after every epoch and drive early stopping, the rest
        train. A Param, so unlike :meth:`setValidationData` it survives Pipelines, persistence and Spark Connect.
        """
        return self._set(validationIndicatorCol=value)
