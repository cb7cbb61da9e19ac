"""The Python stages' Params are the Java stages' Params: names, documentation, defaults, rules."""

from pathlib import Path
from typing import Any, Dict

import pytest
from pyspark.ml.param import Param
from pyspark.ml.tuning import ParamGridBuilder
from pyspark.sql import DataFrame, SparkSession

from paramavg.errors import SettingError
from paramavg.ml import ParamAvgClassificationModel, ParamAvgClassifier
from pyspark.ml.classification import _ProbabilisticClassifierParams

#: MLlib's column Params and the validation indicator: PySpark's shared mixins, with PySpark's own docs.
COLUMNS = {p.name for p in _ProbabilisticClassifierParams().params} | {"validationIndicatorCol"}

#: A model saved by paramavg before models saved their settings (its metadata holds the columns only);
#: the Java tests load the same files.
OLD_MODEL = Path(__file__).resolve().parents[2] / "driver/src/test/resources/io/paramavg/ml/model-saved-without-settings"


def java_params(java_stage: Any) -> Dict[str, Any]:
    return {p.name(): p for p in java_stage.params()}


def python_value(java_value: Any) -> Any:
    """A Java default as PySpark reads one back (int arrays as lists)."""
    if type(java_value).__name__ == "JavaArray":
        return list(java_value)
    return java_value


def test_python_estimator_has_exactly_the_java_estimators_params_with_their_docs_and_defaults(
    spark: SparkSession,
) -> None:
    python = ParamAvgClassifier()
    java = python._java_obj
    expected = java_params(java)
    assert sorted(p.name for p in python.params) == sorted(expected)
    for name, java_param in expected.items():
        param: Param = python.getParam(name)
        if name not in COLUMNS:
            # Columns take PySpark's shared docs; every setting's is the Java one, word for word.
            assert param.doc == java_param.doc(), name
        if not java.hasDefault(java_param):
            # validationIndicatorCol: unset unless given, in MLlib's stages and PySpark's mixin alike.
            assert not python.hasDefault(param), name
            continue
        java_default = python_value(java.getDefault(java_param).get())
        python_default = python.getOrDefault(param)
        assert python_default == java_default, name


def test_auto_settings_default_to_minus_one_which_compares_equal_in_param_maps_and_grids(spark: SparkSession) -> None:
    first, second = ParamAvgClassifier(), ParamAvgClassifier()
    for name in ["blockMomentum", "blockLearningRate"]:
        # Was NaN, which equals nothing: two estimators' defaults, a map and its copy never matched.
        assert first.getOrDefault(name) == second.getOrDefault(name) == -1.0, name
        assert "As a Param, -1.0 is auto." in first.getParam(name).doc
    assert first.extractParamMap()[first.blockMomentum] == second.extractParamMap()[second.blockMomentum]
    grid = ParamGridBuilder().addGrid(first.blockMomentum, [-1.0, 0.9]).build()
    assert grid[0][first.blockMomentum] == first.getBlockMomentum()
    set_to = ParamAvgClassifier(blockMomentum=0.9)
    tuned = set_to.copy({set_to.blockMomentum: -1.0})
    assert tuned.getBlockMomentum() == -1.0 and tuned._java_obj.runConfig().settings().get(
        spark._jvm.io.paramavg.driver.config.ConfigKey.TRAIN_BLOCK_MOMENTUM
    ) == "auto"
    with pytest.raises(SettingError, match=r"blockMomentum: train.block-momentum must be auto or a number in \[0, 1\), found -0.5"):
        ParamAvgClassifier(blockMomentum=-0.5)


def test_explain_params_reads_like_the_java_docs(spark: SparkSession) -> None:
    text = ParamAvgClassifier(epochs=3).explainParams()
    assert "epochs: Passes over the training data. Allowed: an integer >= 1. [train.epochs] (default: 15, current: 3)" in text
    assert "hiddenLayers: Units per hidden layer, input side first. Allowed: comma-separated positive integers. [model.hidden-layers] (default: [256, 128])" in text


def test_setter_breaking_the_rule_raises_at_once_naming_param_key_rule_and_value(spark: SparkSession) -> None:
    classifier = ParamAvgClassifier()
    with pytest.raises(SettingError) as raised:
        classifier.setEpochs(0)
    assert str(raised.value) == "epochs: train.epochs must be an integer >= 1, found 0"
    assert isinstance(raised.value, ValueError)
    assert classifier.getEpochs() == 15, "a refused value is not kept"
    with pytest.raises(SettingError, match="dropout: model.dropout must be"):
        classifier.setDropout(1.0)
    with pytest.raises(SettingError, match="activation: model.activation must be one of .*found 'wavy'"):
        classifier.setActivation("wavy")
    with pytest.raises(SettingError, match=r"hiddenLayers: model.hidden-layers must be .*found \[64, 0\]"):
        classifier.setHiddenLayers([64, 0])
    with pytest.raises(SettingError, match="learningRate"):
        ParamAvgClassifier(learningRate=-1.0)


def test_unknown_param_names_are_errors_that_list_the_params(spark: SparkSession) -> None:
    with pytest.raises(TypeError, match="has no Param 'epoch'; its Params: .*epochs"):
        ParamAvgClassifier(epoch=3)


def test_values_in_a_param_grid_are_checked_before_any_job_runs(spark: SparkSession, train: DataFrame) -> None:
    classifier = ParamAvgClassifier(hiddenLayers=[8], epochs=1)
    (refused,) = ParamGridBuilder().addGrid(classifier.epochs, [0]).build()
    tracker = spark.sparkContext.statusTracker()
    jobs_before = set(tracker.getJobIdsForGroup())
    # fit(dataset, paramMap) is how CrossValidator and TrainValidationSplit fit each map: PySpark
    # copies the estimator with the map, and the copy hands its values to the JVM's validators.
    with pytest.raises(SettingError, match="train.epochs must be an integer >= 1, found 0"):
        classifier.fit(train, refused)
    assert set(tracker.getJobIdsForGroup()) == jobs_before


def test_python_model_has_exactly_the_java_models_params_with_the_estimators_docs(spark: SparkSession) -> None:
    model = ParamAvgClassificationModel.load(str(OLD_MODEL))
    estimator = ParamAvgClassifier()
    assert sorted(p.name for p in model.params) == sorted(java_params(model._java_obj))
    assert sorted(p.name for p in model.params) == sorted(p.name for p in estimator.params)
    for param in estimator.params:
        assert model.getParam(param.name).doc == param.doc, param.name
    assert not hasattr(model, "setEpochs"), "the settings of a fitted model are read, not set"


def test_model_saved_by_an_older_paramavg_loads_with_its_settings_unset_and_scores(spark: SparkSession) -> None:
    from pyspark.ml.linalg import Vectors

    model = ParamAvgClassificationModel.load(str(OLD_MODEL))
    settings = [p for p in model.params if p.name not in COLUMNS]
    assert settings and not any(model.isSet(p) for p in settings)
    assert model.getEpochs() == 15, "unset: today's default, not the 3 epochs it was trained for"
    assert model.getPredictionCol() == "predicted", "what it was saved with"
    rows = spark.createDataFrame(
        [(float(c), Vectors.dense([2.0 if f == c else 0.0 for f in range(4)])) for c in range(3)], ["label", "features"]
    )
    assert [r.predicted for r in model.transform(rows).collect()] == [0.0, 1.0, 2.0]
