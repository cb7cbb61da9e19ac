"""paramavg's Spark ML stages for PySpark: the estimator and the model it fits.

Both are thin wrappers, in the way PySpark wraps MLlib: the work happens in the Java stages
``io.paramavg.ml.ParamAvgClassifier`` and ``io.paramavg.ml.ParamAvgClassificationModel``, and the Python
objects hold Params that mirror theirs. Training runs through the same service as ``paramavg train``;
scoring runs on the executors.
"""

from typing import Any, List, Optional

from py4j.java_gateway import JavaObject
from pyspark.ml.classification import (
    _JavaProbabilisticClassificationModel,
    _JavaProbabilisticClassifier,
    _ProbabilisticClassifierParams,
)
from pyspark.ml.linalg import Vector
from pyspark.sql import DataFrame

from .._connect import UNREACHABLE, is_connect
from .._session import require_class
from ..errors import ConnectUnsupportedError, translate_java_errors
from ._columns import ScoringColumns, TrainingColumns
from ._settings import TrainingSettings, TrainingSettingSetters
from ._signature import keyword_only_signature
from ._stage import ParamAvgStage

__all__ = ["ParamAvgClassifier", "ParamAvgClassificationModel"]


def _classic_only(method: str) -> None:
    """Refuses, over Spark Connect, a model method that the Connect server would not run: its ML calls only
    the attributes on a fixed list for MLlib's own model classes (``MLUtils`` in ``spark-connect``), and
    refuses the rest with ``CONNECT_ML.ATTRIBUTE_NOT_ALLOWED``; this says so before the round trip, with the
    way round it."""
    if is_connect():
        raise ConnectUnsupportedError(UNREACHABLE.format(what=f"ParamAvgClassificationModel.{method}"))


class ParamAvgClassifier(
    ParamAvgStage["ParamAvgClassifier"],
    _JavaProbabilisticClassifier["ParamAvgClassificationModel"],
    TrainingSettingSetters,
    TrainingColumns,
):
    """Trains an MLP with parameter averaging on a DataFrame's rows.

    A probabilistic classifier as PySpark's own are (``LogisticRegression`` and the rest): MLlib's column
    Params and setters (``setFeaturesCol``, ``setLabelCol``, ``setPredictionCol``, ``setProbabilityCol``,
    ``setRawPredictionCol``, ``setThresholds``), and usable as ``OneVsRest``'s classifier.

    The DataFrame needs an ML ``Vector`` features column and a numeric or text label column.
    Every setting of ``paramavg train`` that shapes the model or its training is a Param, with the
    configuration key's name in camel case (``model.learning-rate`` is ``learningRate``), default,
    rule and documentation; see :meth:`explainParams`. Params may be given as keywords::

        ParamAvgClassifier(hiddenLayers=[64], epochs=3, shards=2)

    A value that breaks its rule raises :class:`paramavg.errors.SettingError` where it is set (over Spark
    Connect, from :meth:`fit` or ``save``, where the server sets it); data the Java side refuses raises
    :class:`paramavg.errors.DataError` from :meth:`fit`. Over Spark Connect (Spark 4) it works as in a
    classic session, the Java stage running on the Connect server (docs/python.md, "Spark Connect").
    :meth:`setValidationData` gives :meth:`fit` validation rows for early stopping.
    """

    _java_class = "io.paramavg.ml.ParamAvgClassifier"
    _validation_data: Optional[DataFrame] = None

    def __init__(self, **params: Any) -> None:
        super().__init__()
        self._java_obj = self._new_peer()
        self._set(**params)

    def setParams(self, **params: Any) -> "ParamAvgClassifier":
        """Sets the Params given as keywords."""
        return self._set(**params)

    def setValidationData(self, dataset: Optional[DataFrame]) -> "ParamAvgClassifier":
        """Validation rows for :meth:`fit`, as XGBoost's ``setEvalDataset``: scored after every epoch and
        judged by ``earlyStoppingPatience``, ``earlyStoppingMetric``, ``earlyStoppingMinDelta`` and
        ``restoreBest``, as ``data.validation`` is for ``paramavg train``. It needs the training
        DataFrame's features and label columns. Not a Param: kept by :meth:`copy` (tuning's fits use
        it), not saved. ``None`` removes it.
        Over Spark Connect a DataFrame cannot travel as a stage's setting (Connect's ML sends Params only):
        raises :class:`paramavg.errors.ConnectUnsupportedError`; mark the rows with
        :meth:`setValidationIndicatorCol` (a Param, which also survives Pipelines and persistence) instead.
        """
        if is_connect():
            raise ConnectUnsupportedError(
                "setValidationData is not available over Spark Connect, whose ML sends a stage's Params and the "
                "fit's one DataFrame to the server, not other DataFrames; mark the validation rows of the training "
                "DataFrame with a boolean column and name it: setValidationIndicatorCol(name), or hold out a share "
                "with validationFraction"
            )
        self._java_obj.setValidationData(None if dataset is None else dataset._jdf)
        self._validation_data = dataset
        return self

    def getValidationData(self) -> Optional[DataFrame]:
        """The DataFrame given to :meth:`setValidationData`, or ``None``."""
        return self._validation_data

    class _Params(TrainingSettingSetters, _ProbabilisticClassifierParams, TrainingColumns):
        """The estimator's Params alone, with their defaults and no Java peer: what the signature is made of."""

    @translate_java_errors
    def _fit(self, dataset: DataFrame) -> "ParamAvgClassificationModel":
        # PySpark's _fit runs _fit_java in a classic session and sends a Connect server the fit command.
        return super()._fit(dataset)

    def _create_model(self, java_model: JavaObject) -> "ParamAvgClassificationModel":
        return ParamAvgClassificationModel(java_model)


# help(ParamAvgClassifier) and inspect.signature show every Param, keyword-only, with its default.
ParamAvgClassifier.__init__.__signature__ = keyword_only_signature(  # type: ignore[attr-defined]
    ParamAvgClassifier._Params, ParamAvgClassifier.__init__
)
ParamAvgClassifier.setParams.__signature__ = keyword_only_signature(  # type: ignore[attr-defined]
    ParamAvgClassifier._Params, ParamAvgClassifier.setParams
)


class ParamAvgClassificationModel(
    ParamAvgStage["ParamAvgClassificationModel"],
    _JavaProbabilisticClassificationModel[Vector],
    TrainingSettings,
    ScoringColumns,
):
    """A model fitted by :class:`ParamAvgClassifier`: paramavg's model.zip (a DL4J network, the label
    mapping, the feature normalizer) with the estimator's Params: the columns, and the settings its fit
    used (``getEpochs()`` and the rest say how it was trained; they are saved with it). A model saved by
    an older paramavg, or read by :meth:`fromModelZip`, has its settings unset (``isSet`` is false and
    the getters give today's defaults).

    A probabilistic classification model as MLlib's are: :meth:`predict`, :meth:`predictRaw` and
    :meth:`predictProbability` score one features vector (on the driver), :attr:`numClasses` and
    :attr:`numFeatures` describe it, ``thresholds`` adjusts the prediction as in MLlib; it works inside
    ``OneVsRest`` and with MLlib's evaluators (``logLoss`` included). Over Spark Connect these five are
    reachable too (they are on Connect's list for MLlib's model classes, which the Java model extends);
    :attr:`labels` and :meth:`modelZip` are not.

    :meth:`transform` scores on the executors and appends ``prediction`` (the class index 0..numClasses-1,
    a double, which ``probability`` is indexed by, as in MLlib), ``probability`` and ``rawPrediction`` (the log
    of each probability; ML vectors), and ``predictedLabel`` (``predictedLabelCol``: the original label of the
    predicted class, a double when the training labels were numbers, else a string). As in MLlib, a column
    whose Param is set to ``""`` is not written.
    """

    _java_class = "io.paramavg.ml.ParamAvgClassificationModel"

    def __init__(self, java_model: Optional[Any] = None) -> None:
        super().__init__(java_model)
        if java_model is not None and not is_connect():
            # The Java model is the record of how it was trained: its settings, set or not, as they are there.
            self._transfer_params_from_java()

    @classmethod
    def fromModelZip(cls, path: str) -> "ParamAvgClassificationModel":
        """A model from a model.zip that ``paramavg train`` wrote (any Hadoop file system path). Classic
        sessions only: Spark Connect's ML has no command that would run it on the server."""
        if is_connect():
            raise ConnectUnsupportedError(
                "ParamAvgClassificationModel.fromModelZip is not reachable over Spark Connect: Connect's ML has "
                "commands to fit, transform, save and load a stage, none that runs a stage's own factory on the "
                "server; wrap the model.zip in a classic session (SparkSession.builder.master(...)), save it there, "
                "and load the saved model over Connect"
            )
        sc = require_class(cls._java_class)
        java_class = sc._jvm.io.paramavg.ml.ParamAvgClassificationModel  # type: ignore[union-attr]
        # A plain function around the py4j member: functools.wraps on the member itself looks up
        # __name__ and friends, which py4j takes for Java members and refuses (Py4JError).
        load = translate_java_errors(lambda path, conf: java_class.fromModelZip(path, conf))
        return cls(load(path, sc._jsc.hadoopConfiguration()))  # type: ignore[union-attr]

    @property
    def labels(self) -> List[str]:
        """The original label of each class, by class index (the index as text for labels 0..K-1); classic
        sessions only."""
        _classic_only("labels")
        return [str(label) for label in self._java_obj.labels()]

    def modelZip(self) -> bytes:
        """The model.zip's bytes, as ``paramavg evaluate`` and DL4J's ``ModelSerializer`` read them; classic
        sessions only (over Connect, save the model and read its ``data/model.zip``)."""
        _classic_only("modelZip")
        return bytes(self._java_obj.modelZip())

    @translate_java_errors
    def onnx(self) -> bytes:
        """The model as an ONNX file's bytes, as ``paramavg export --format onnx`` writes it.

        The graph takes the same features as :meth:`transform`, as a float32 ``features`` tensor of
        shape ``[batch, numFeatures]``, and applies the training scaling itself; it outputs
        ``probabilities`` ``[batch, numClasses]`` and ``class`` ``[batch]`` (int64). The metadata
        ``paramavg.labels`` (a JSON list) gives each class index's label, ``paramavg.manifest`` the
        training run's provenance. A model the export cannot translate exactly raises
        :class:`paramavg.errors.ExportError`, naming what.
        """
        return bytes(self._java_obj.onnx())

    @translate_java_errors
    def exportOnnx(self, path: str, overwrite: bool = False) -> None:
        """Writes :meth:`onnx` to ``path`` (any Hadoop file system path) with the session's Hadoop
        settings: whole, under a temporary name and then renamed, so a failure never leaves a partial
        file or replaces a good one. An existing file is refused unless ``overwrite``.
        """
        self._java_obj.exportOnnx(path, overwrite)

    @translate_java_errors
    def _transform(self, dataset: DataFrame) -> DataFrame:
        return super()._transform(dataset)
