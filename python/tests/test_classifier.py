"""Fitting and scoring through the Python stages on the embedded sample, and their persistence."""

import json
import math
from pathlib import Path
from typing import Any

import pytest
from pyspark.ml.classification import OneVsRest
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder, TrainValidationSplit
from pyspark.sql import DataFrame, SparkSession

from paramavg.ml import ParamAvgClassificationModel, ParamAvgClassifier

from conftest import predictions, small

pytestmark = pytest.mark.slow


def accuracy(scored: DataFrame) -> float:
    return MulticlassClassificationEvaluator(metricName="accuracy").evaluate(scored)


@pytest.fixture(scope="module")
def model(train: DataFrame, tmp_path_factory: pytest.TempPathFactory) -> ParamAvgClassificationModel:
    return small(outputDir=str(tmp_path_factory.mktemp("fit"))).fit(train)


def test_fit_returns_the_python_model_with_the_estimators_columns(model: ParamAvgClassificationModel) -> None:
    assert isinstance(model, ParamAvgClassificationModel)
    assert model.numClasses == 10 and model.numFeatures == 784
    assert model.labels == [str(i) for i in range(10)]
    assert model.getFeaturesCol() == "features"
    assert model.uid == model._java_obj.uid()


def test_transform_adds_mllibs_columns_and_the_model_learns(
    model: ParamAvgClassificationModel, test: DataFrame
) -> None:
    scored = model.transform(test)
    # Labels 0..9 are the class indices: no predictedLabel column repeating prediction.
    assert scored.columns == ["label", "features", "prediction", "probability", "rawPrediction"]
    first = scored.first()
    assert first is not None
    assert math.isclose(sum(first.probability), 1.0, abs_tol=1e-4)
    assert all(math.isclose(r, math.log(p), abs_tol=1e-4) for r, p in zip(first.rawPrediction, first.probability) if p > 1e-6)
    assert first.prediction == float(max(range(10), key=lambda c: first.probability[c]))
    held_out = accuracy(scored)
    print(f"held-out accuracy {held_out:.4f}")
    assert held_out > 0.8


def test_python_model_has_exactly_the_java_models_params(model: ParamAvgClassificationModel) -> None:
    assert sorted(p.name for p in model.params) == sorted(p.name() for p in model._java_obj.params())


def test_fitted_model_carries_the_settings_it_was_trained_with_through_save_and_load(
    model: ParamAvgClassificationModel, tmp_path: Path
) -> None:
    trained = (model.getHiddenLayers(), model.getEpochs(), model.getShards(), model.getSeed())
    assert trained == ([32], 2, 2, 7)
    assert model.isSet(model.epochs) and model.isSet(model.batchSize), "every setting the fit used is recorded"
    # The estimator's batch is auto (0); the model records what the run resolved it to for its data.
    assert ParamAvgClassifier().getBatchSize() == 0 and model.getBatchSize() == 32
    path = str(tmp_path / "model")
    model.save(path)
    loaded = ParamAvgClassificationModel.load(path)
    assert (loaded.getHiddenLayers(), loaded.getEpochs(), loaded.getShards(), loaded.getSeed()) == trained
    assert loaded._java_obj.getEpochs() == 2


def test_validation_data_frame_is_scored_every_epoch_and_stops_training_early(
    train: DataFrame, test: DataFrame, tmp_path: Path
) -> None:
    validation = test.limit(300)
    # No later epoch improves the validation loss by 10: patience 1 stops after the second epoch.
    classifier = small(epochs=20, earlyStoppingPatience=1, earlyStoppingMinDelta=10.0, outputDir=str(tmp_path))
    classifier.setValidationData(validation)
    assert classifier.copy().getValidationData() is validation
    fitted = classifier.fit(train.limit(2000))
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["stopped_early"] and len(metrics["epochs"]) == 2 and metrics["best_epoch"] == 1
    assert metrics["validation"]["examples"] == 300
    assert fitted.getEarlyStoppingPatience() == 1


def test_validation_indicator_column_marks_the_rows_scored_every_epoch_and_the_rest_train(
    train: DataFrame, tmp_path: Path
) -> None:
    from pyspark.sql import functions as F

    # Rows 0..1999 with every fifth marked for validation: 400 validation rows, 1,600 training rows.
    rows = train.limit(2000).withColumn("id", F.monotonically_increasing_id())
    marked = rows.withColumn("isVal", F.col("id") % 5 == 0).drop("id").cache()
    expected = marked.filter("isVal").count()
    classifier = small(epochs=20, earlyStoppingPatience=1, earlyStoppingMinDelta=10.0, outputDir=str(tmp_path))
    fitted = classifier.setValidationIndicatorCol("isVal").fit(marked)
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["stopped_early"] and len(metrics["epochs"]) == 2
    assert metrics["validation"]["examples"] == expected
    assert fitted.getValidationIndicatorCol() == "isVal"


def test_validation_indicator_column_must_be_boolean(train: DataFrame) -> None:
    from pyspark.errors import IllegalArgumentException

    with pytest.raises(IllegalArgumentException, match="validationIndicatorCol 'label' must be a boolean column"):
        small(validationIndicatorCol="label").fit(train.limit(100))


def test_log_loss_evaluator_reads_the_probability_column(model: ParamAvgClassificationModel, test: DataFrame) -> None:
    log_loss = MulticlassClassificationEvaluator(metricName="logLoss").evaluate(model.transform(test))
    assert 0 < log_loss < 1.0


def test_one_vs_rest_over_the_classifier_fits_scores_and_its_java_model_holds_ours(
    train: DataFrame, test: DataFrame
) -> None:
    three = train.filter("label < 3").limit(600)
    ovr = OneVsRest(classifier=small(hiddenLayers=[16], epochs=2, learningRate=0.01)).fit(three)
    assert len(ovr.models) == 3 and all(isinstance(m, ParamAvgClassificationModel) for m in ovr.models)
    # PySpark builds a Java OneVsRestModel from the binary models: it takes MLlib ClassificationModels only.
    assert ovr._java_obj.models()[0].getClass().getName() == "io.paramavg.ml.ParamAvgClassificationModel"
    held_out = accuracy(ovr.transform(test.filter("label < 3")))
    print(f"OneVsRest held-out accuracy on digits 0-2 {held_out:.4f}")
    assert held_out > 0.8


def test_model_is_a_pyspark_probabilistic_classification_model_with_one_row_methods(
    model: ParamAvgClassificationModel, test: DataFrame
) -> None:
    from pyspark.ml.classification import ProbabilisticClassificationModel, ProbabilisticClassifier

    assert isinstance(model, ProbabilisticClassificationModel)
    assert isinstance(ParamAvgClassifier(), ProbabilisticClassifier)
    row = model.transform(test.limit(1)).first()
    assert row is not None
    assert model.predict(row.features) == row.prediction
    assert list(model.predictProbability(row.features)) == pytest.approx(list(row.probability), abs=1e-6)
    assert list(model.predictRaw(row.features)) == pytest.approx(list(row.rawPrediction), abs=1e-5)


def test_thresholds_adjust_the_prediction_as_in_mllib(model: ParamAvgClassificationModel, test: DataFrame) -> None:
    # A zero threshold: its class wins wherever its probability is not zero (MLlib's rule, p / t).
    biased = model.copy().setThresholds([1.0] * 9 + [0.0])
    assert set(predictions(biased.transform(test.limit(50)))) == {9.0}


def test_numeric_labels_predict_the_class_index_and_the_original_label_in_its_own_column(
    train: DataFrame, test: DataFrame
) -> None:
    digits = "label in (3, 7, 9)"
    fitted = small(epochs=1, indexLabels=True).fit(train.filter(digits).limit(900))
    assert fitted.numClasses == 3 and fitted.labels == ["3", "7", "9"]
    scored = fitted.transform(test.filter(digits).limit(200))
    assert scored.columns[-1] == "predictedLabel"
    assert dict(scored.dtypes)["predictedLabel"] == "double"
    rows = scored.select("label", "prediction", "probability", "predictedLabel").collect()
    assert {r.prediction for r in rows} <= {0.0, 1.0, 2.0}
    assert all(r.prediction == float(max(range(3), key=lambda c: r.probability[c])) for r in rows)
    assert all(r.predictedLabel == [3.0, 7.0, 9.0][int(r.prediction)] for r in rows)
    right = sum(r.label == r.predictedLabel for r in rows) / len(rows)
    print(f"digits 3, 7, 9: accuracy of predictedLabel {right:.4f}")
    assert right > 0.8
    assert "predictedLabel" not in fitted.copy().setPredictedLabelCol("").transform(test.limit(5)).columns


def test_index_to_string_after_a_model_of_indexed_labels_writes_predicted_label_as_in_mllibs_guide(
    model: ParamAvgClassificationModel, test: DataFrame
) -> None:
    from pyspark.ml.feature import IndexToString

    # MLlib's guide ends its pipelines so: with labels that are the class indices the model leaves that column free.
    to_string = IndexToString(inputCol="prediction", outputCol="predictedLabel", labels=[str(i) for i in range(10)])
    named = to_string.transform(model.transform(test.limit(5)))
    assert named.columns[-1] == "predictedLabel"
    assert all(r.predictedLabel == str(int(r.prediction)) for r in named.collect())


def test_output_columns_follow_the_column_params(model: ParamAvgClassificationModel, test: DataFrame) -> None:
    renamed = model.copy().setPredictionCol("digit").setProbabilityCol("p").setRawPredictionCol("logp")
    assert renamed.transform(test).columns[2:] == ["digit", "p", "logp"]
    # A name of its own writes the predicted label even where the labels are the indices (here it repeats digit).
    named = renamed.copy().setPredictedLabelCol("digitLabel").transform(test.limit(5))
    assert named.columns[2:] == ["digit", "p", "logp", "digitLabel"]
    assert all(r.digitLabel == r.digit for r in named.collect())


def test_saved_model_loads_as_the_python_model_and_predicts_the_same(
    model: ParamAvgClassificationModel, test: DataFrame, tmp_path: Path
) -> None:
    path = str(tmp_path / "model")
    model.save(path)
    loaded = ParamAvgClassificationModel.load(path)
    assert isinstance(loaded, ParamAvgClassificationModel)
    assert loaded.uid == model.uid
    assert predictions(loaded.transform(test)) == predictions(model.transform(test))


def test_saved_estimator_loads_with_its_settings(tmp_path: Path, spark: SparkSession) -> None:
    path = str(tmp_path / "estimator")
    small(epochs=3, activation="tanh").save(path)
    loaded = ParamAvgClassifier.load(path)
    assert (loaded.getEpochs(), loaded.getActivation(), loaded.getHiddenLayers()) == (3, "tanh", [32])


def test_train_validation_split_over_two_learning_rates(train: DataFrame, test: DataFrame) -> None:
    subset = train.limit(2000)
    classifier = small(epochs=1)
    grid = ParamGridBuilder().addGrid(classifier.learningRate, [0.0001, 0.01]).build()
    tuned = TrainValidationSplit(
        estimator=classifier,
        estimatorParamMaps=grid,
        evaluator=MulticlassClassificationEvaluator(metricName="accuracy"),
        trainRatio=0.8,
        seed=3,
    ).fit(subset)
    low, high = tuned.validationMetrics
    print(f"TrainValidationSplit accuracies: lr 0.0001 {low:.4f}, lr 0.01 {high:.4f}")
    assert high > low, "a learning rate 100x larger learns more in one epoch"
    assert isinstance(tuned.bestModel, ParamAvgClassificationModel)
    assert accuracy(tuned.transform(test)) > 0.5


def test_cross_validator_over_two_values_of_a_setting(train: DataFrame) -> None:
    subset = train.limit(1000)
    classifier = small(epochs=1, learningRate=0.01)
    grid = ParamGridBuilder().addGrid(classifier.hiddenLayers, [[8], [16]]).build()
    validated = CrossValidator(
        estimator=classifier,
        estimatorParamMaps=grid,
        evaluator=MulticlassClassificationEvaluator(metricName="accuracy"),
        numFolds=2,
        seed=5,
    ).fit(subset)
    print(f"CrossValidator accuracies: [8] {validated.avgMetrics[0]:.4f}, [16] {validated.avgMetrics[1]:.4f}")
    narrow, wide = validated.avgMetrics
    assert wide > narrow > 0.2, "each fold's model trained with its map's hidden layers"
    best: Any = validated.bestModel
    assert isinstance(best, ParamAvgClassificationModel)
    assert best._java_obj.network().layerSize(0) == 16
