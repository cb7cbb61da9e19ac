"""paramavg's stages over Spark Connect (Spark 4): against a real Connect server these tests start, with the jar.

A process is a Connect client or a classic PySpark driver, not both (PySpark decides per process), so
each client is a program of its own (:func:`conftest.run_program`): against a server started with
Spark's own entry point (``connect_server.start``), and with a local server started by
``SparkSession.builder.remote("local[2]")``. Each program prints one JSON line that the tests read.
"""

import json
import time
from pathlib import Path
from typing import Any, Dict, Iterator

import pyspark
import pytest
from pyspark.ml import PipelineModel
from pyspark.sql import SparkSession

import paramavg

import connect_server
from conftest import predictions, run_program

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        int(pyspark.__version__.split(".")[0]) < 4,
        reason=f"Spark Connect's ML (third-party stages found through ServiceLoader) is Spark 4's; this is "
        f"PySpark {pyspark.__version__}",
    ),
]

#: How long one client program may take, training included; a hang fails its test.
PROGRAM_TIMEOUT_S = 420


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[connect_server.Server]:
    """One Connect server for the module, started with paramavg's jar, stopped at the end."""
    started = connect_server.start(tmp_path_factory.mktemp("connect") / "server.log", paramavg.jar())
    try:
        yield started
    finally:
        started.stop()


def client(source: str, *args: str) -> Dict[str, Any]:
    """Runs a client program and returns the JSON object on its last line of output."""
    done = run_program(source, PROGRAM_TIMEOUT_S, *args)
    assert done.returncode == 0, done.stderr[-4000:]
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr[-4000:]
    result = json.loads(lines[-1])
    result["_stderr"] = done.stderr
    return result


PIPELINE = """
import json, sys
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import StandardScaler
from pyspark.sql import SparkSession
from paramavg import sample
from paramavg.ml import ParamAvgClassificationModel, ParamAvgClassifier

url, work = sys.argv[1:3]
spark = SparkSession.builder.remote(url).getOrCreate()
sample.mnist(spark, "train", limit=2000).write.mode("overwrite").parquet(work + "/train.parquet")
sample.mnist(spark, "test", limit=500).write.mode("overwrite").parquet(work + "/test.parquet")
train, test = spark.read.parquet(work + "/train.parquet"), spark.read.parquet(work + "/test.parquet")

classifier = ParamAvgClassifier(featuresCol="scaled", normalize="none", hiddenLayers=[32], epochs=2, shards=2, seed=7)
fitted = Pipeline(stages=[StandardScaler(inputCol="features", outputCol="scaled"), classifier]).fit(train)
scored = fitted.transform(test)
accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(scored)
before = [row.prediction for row in scored.select("prediction").collect()]
fitted.write().overwrite().save(work + "/pipeline")
loaded = PipelineModel.load(work + "/pipeline")
after = [row.prediction for row in loaded.transform(test).select("prediction").collect()]

model = fitted.stages[1]
model.write().overwrite().save(work + "/model")
alone = ParamAvgClassificationModel.load(work + "/model")
print(json.dumps({
    "session": type(spark).__module__, "accuracy": accuracy, "before": before, "after": after,
    "loaded_stage": type(loaded.stages[1]).__name__, "loaded_features": loaded.stages[1].getFeaturesCol(),
    "loaded_hidden": loaded.stages[1].getHiddenLayers(), "alone_uid": alone.uid, "model_uid": model.uid,
    "alone_epochs": alone.getEpochs(), "alone_batch": alone.getBatchSize(), "model_batch": model.getBatchSize(),
}))
spark.stop()
"""


@pytest.fixture(scope="module")
def pipeline_run(server: connect_server.Server, tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    work = tmp_path_factory.mktemp("connect-pipeline")
    result = client(PIPELINE, server.url, str(work))
    result["work"] = work
    return result


def test_pipeline_with_standard_scaler_fits_on_parquet_and_scores_over_connect(pipeline_run: Dict[str, Any]) -> None:
    assert pipeline_run["session"] == "pyspark.sql.connect.session"
    assert len(pipeline_run["before"]) == 500
    assert pipeline_run["accuracy"] > 0.8


def test_pipeline_saved_over_connect_loads_over_connect_and_scores_the_same(pipeline_run: Dict[str, Any]) -> None:
    assert pipeline_run["loaded_stage"] == "ParamAvgClassificationModel"
    assert (pipeline_run["loaded_features"], pipeline_run["loaded_hidden"]) == ("scaled", [32])
    assert pipeline_run["after"] == pipeline_run["before"]


def test_model_saved_over_connect_loads_with_its_uid_and_the_batch_its_run_resolved(
    pipeline_run: Dict[str, Any]
) -> None:
    assert (pipeline_run["alone_uid"], pipeline_run["alone_epochs"]) == (pipeline_run["model_uid"], 2)
    # The fitted Python model holds the estimator's values (a Connect fit returns a reference, not Params):
    # batchSize is auto (0) there. The server's Java model holds what its run resolved, and saves that.
    assert pipeline_run["model_batch"] == 0
    assert pipeline_run["alone_batch"] in (8, 16, 32)


def test_pipeline_saved_over_connect_loads_in_a_classic_session_and_scores_the_same(
    pipeline_run: Dict[str, Any], spark: SparkSession
) -> None:
    work = pipeline_run["work"]
    loaded = PipelineModel.load(str(work / "pipeline"))
    assert predictions(loaded.transform(spark.read.parquet(str(work / "test.parquet")))) == pipeline_run["before"]


CROSS_VALIDATOR = """
import json, sys
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.tuning import CrossValidator, CrossValidatorModel, ParamGridBuilder
from pyspark.sql import SparkSession
from paramavg import sample
from paramavg.ml import ParamAvgClassifier

url, work = sys.argv[1:3]
spark = SparkSession.builder.remote(url).getOrCreate()
train = sample.mnist(spark, "train", limit=800)
classifier = ParamAvgClassifier(hiddenLayers=[16], epochs=1, shards=2, seed=3)
grid = ParamGridBuilder().addGrid(classifier.learningRate, [1e-3, 1e-2]).build()
tuned = CrossValidator(estimator=classifier, estimatorParamMaps=grid, numFolds=2, seed=5,
                       evaluator=MulticlassClassificationEvaluator(metricName="accuracy")).fit(train)
tuned.write().overwrite().save(work + "/cv")
loaded = CrossValidatorModel.load(work + "/cv")
print(json.dumps({"metrics": tuned.avgMetrics, "best": tuned.bestModel.getLearningRate(),
                  "loaded_metrics": loaded.avgMetrics, "loaded_best": type(loaded.bestModel).__name__}))
spark.stop()
"""


def test_cross_validator_over_connect_tries_each_grid_point_and_saves(
    server: connect_server.Server, tmp_path: Path
) -> None:
    result = client(CROSS_VALIDATOR, server.url, str(tmp_path))
    assert len(result["metrics"]) == 2 and all(0 < m <= 1 for m in result["metrics"])
    assert result["best"] in (1e-3, 1e-2)
    assert result["loaded_metrics"] == result["metrics"]
    assert result["loaded_best"] == "ParamAvgClassificationModel"


EARLY_STOPPING = """
import json, sys
from pyspark.sql import SparkSession, functions as F
from paramavg import sample
from paramavg.ml import ParamAvgClassifier

url, work = sys.argv[1:3]
spark = SparkSession.builder.remote(url).getOrCreate()
rows = sample.mnist(spark, "train", limit=1500).withColumn("isVal", F.rand(seed=3) < 0.2)
rows.write.mode("overwrite").parquet(work + "/marked.parquet")
marked = spark.read.parquet(work + "/marked.parquet")
classifier = ParamAvgClassifier(hiddenLayers=[16], epochs=20, shards=2, seed=1, earlyStoppingPatience=1,
                                earlyStoppingMinDelta=10.0, validationIndicatorCol="isVal", outputDir=work + "/run")
classifier.fit(marked)
metrics = json.load(open(work + "/run/metrics.json"))
print(json.dumps({"marked": marked.filter("isVal").count(), "validated": metrics["validation"]["examples"],
                  "epochs": len(metrics["epochs"]), "stopped": metrics["stopped_early"]}))
spark.stop()
"""


def test_validation_indicator_column_drives_early_stopping_over_connect(
    server: connect_server.Server, tmp_path: Path
) -> None:
    result = client(EARLY_STOPPING, server.url, str(tmp_path))
    assert (result["stopped"], result["epochs"]) == (True, 2)
    assert result["validated"] == result["marked"] > 0


REFUSALS = """
import json, sys
from pyspark.ml.linalg import Vectors
from pyspark.sql import SparkSession
from paramavg.errors import DataError, SettingError
from paramavg.ml import ParamAvgClassifier

spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
rows = spark.createDataFrame([(0.0, Vectors.dense([0.0, 1.0])), (float("nan"), Vectors.dense([1.0, 0.0]))],
                             ["label", "features"])
out = {}
for name, make in [("setting", lambda: ParamAvgClassifier(epochs=0)),
                   ("data", lambda: ParamAvgClassifier(hiddenLayers=[4], epochs=1))]:
    try:
        make().fit(rows)
        out[name] = None
    except (SettingError, DataError) as error:
        out[name] = [type(error).__name__, str(error)]
print(json.dumps(out))
spark.stop()
"""


def test_bad_setting_and_bad_data_are_refused_over_connect_naming_them(server: connect_server.Server) -> None:
    result = client(REFUSALS, server.url)
    assert result["setting"] == ["SettingError", "epochs: train.epochs must be an integer >= 1, found 0"]
    kind, message = result["data"]
    assert kind == "DataError" and "label" in message and "NaN" in message, message


ATTRIBUTES = """
import json, sys
from pyspark.sql import SparkSession
from paramavg import sample
from paramavg.errors import ConnectUnsupportedError
from paramavg.ml import ParamAvgClassificationModel, ParamAvgClassifier

spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
rows = sample.mnist(spark, "test", limit=300)
model = ParamAvgClassifier(hiddenLayers=[8], epochs=1, shards=2, seed=1).fit(rows)
out = {"epochs": model.getEpochs(), "hidden": model.getHiddenLayers()}
first = model.transform(rows.limit(1)).first()
# On Connect's list for MLlib's model classes, which the Java model extends: the server runs them.
out["numClasses"], out["numFeatures"] = model.numClasses, model.numFeatures
out["predict"] = [model.predict(first.features), first.prediction]
out["predictProbability"] = [list(model.predictProbability(first.features)), list(first.probability)]
out["predictRaw"] = len(model.predictRaw(first.features))
for name in ["labels", "modelZip"]:
    try:
        value = getattr(model, name)
        out[name] = value() if callable(value) else value
    except ConnectUnsupportedError as error:
        out[name] = "refused: " + str(error)
for name, call in [("fromModelZip", lambda: ParamAvgClassificationModel.fromModelZip("model.zip")),
                   ("setValidationData", lambda: ParamAvgClassifier().setValidationData(None))]:
    try:
        call()
        out[name] = None
    except ConnectUnsupportedError as error:
        out[name] = "refused: " + str(error)
out["explained"] = "epochs: " in model.explainParams()
try:
    model._call_java("labels")  # what the server itself answers, past paramavg's refusal
    out["server"] = None
except Exception as error:
    out["server"] = [type(error).__name__, str(error).splitlines()[0]]
print(json.dumps(out))
spark.stop()
"""


def test_mllib_model_methods_run_over_connect_and_the_rest_are_refused_saying_why(server: connect_server.Server) -> None:
    result = client(ATTRIBUTES, server.url)
    assert (result["epochs"], result["hidden"]) == (1, [8])
    assert (result["numClasses"], result["numFeatures"]) == (10, 784)
    predicted, transformed = result["predict"]
    assert predicted == transformed, result["predict"]
    one, many = result["predictProbability"]
    assert one == pytest.approx(many, abs=1e-6)
    assert result["predictRaw"] == 10
    for name in ["labels", "modelZip"]:
        assert result[name].startswith(f"refused: ParamAvgClassificationModel.{name} is not reachable over Spark"), result
    assert result["fromModelZip"].startswith("refused: ParamAvgClassificationModel.fromModelZip is not reachable")
    assert result["setValidationData"].startswith("refused: setValidationData is not available over Spark Connect")
    assert result["explained"]
    # The server refuses the call itself: its ML calls only the methods on its allowed list.
    assert "ATTRIBUTE_NOT_ALLOWED" in result["server"][1], result["server"]


LOCAL_SESSION = """
import json, sys
from pyspark import SparkContext
from pyspark.sql import SparkSession
import paramavg
from paramavg import sample
from paramavg.ml import ParamAvgClassifier

if sys.argv[1] == "builder":
    spark = SparkSession.builder.remote("local[2]").config("spark.jars", paramavg.jar()).getOrCreate()
else:
    import paramavg.connect
    spark = paramavg.connect.local_session("local[2]", {"spark.ui.enabled": "false",
                                                        "spark.sql.shuffle.partitions": "4"})
# The local server is a Spark driver in a JVM this process started.
jvm = SparkContext._active_spark_context._jvm.java.lang.ProcessHandle.current().pid()
test = sample.mnist(spark, "test", limit=400)
model = ParamAvgClassifier(hiddenLayers=[8], epochs=1, shards=2, seed=1).fit(test)
scored = model.transform(test).count()
print(json.dumps({"session": type(spark).__module__, "scored": scored, "jvm": jvm}))
spark.stop()
"""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def _assert_gone(pid: int) -> None:
    deadline = time.monotonic() + 60
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _alive(pid), f"the local Connect server's JVM (pid {pid}) outlived its program"


def test_local_connect_session_from_the_builder_with_the_jar_in_spark_jars_fits_and_exits() -> None:
    result = client(LOCAL_SESSION, "builder")
    assert (result["session"], result["scored"]) == ("pyspark.sql.connect.session", 400)
    _assert_gone(result["jvm"])


def test_paramavgs_local_connect_session_fits_without_pysparks_static_setting_warnings() -> None:
    result = client(LOCAL_SESSION, "helper")
    assert (result["session"], result["scored"]) == ("pyspark.sql.connect.session", 400)
    assert "CANNOT_MODIFY_CONFIG" not in result["_stderr"], result["_stderr"][-3000:]
    _assert_gone(result["jvm"])


NO_JAR = """
import json
from pyspark.ml.linalg import Vectors
from pyspark.sql import SparkSession
from paramavg.errors import MissingJarError
from paramavg.ml import ParamAvgClassifier

spark = SparkSession.builder.remote("local[2]").getOrCreate()
rows = spark.createDataFrame([(0.0, Vectors.dense([0.0, 1.0])), (1.0, Vectors.dense([1.0, 0.0]))], ["label", "features"])
try:
    ParamAvgClassifier(epochs=1).fit(rows)
    out = None
except MissingJarError as error:
    out = str(error)
print(json.dumps({"error": out}))
spark.stop()
"""


def test_connect_server_without_the_jar_is_a_missing_jar_error_saying_how_to_start_it() -> None:
    result = client(NO_JAR)
    assert result["error"] is not None
    assert result["error"].startswith(
        "the Spark Connect server cannot make io.paramavg.ml.ParamAvgClassifier: paramavg's application jar is "
        "not on its classpath; start the Connect server with paramavg's application jar: spark-submit --jars"
    ), result["error"]
