"""Pipelines with paramavg's stages on Parquet: saved and loaded in Python, in Java, and in a new process.

Java's side is driven through py4j in the same JVM: the files it writes and reads are the Java
writer's and reader's, as a Java or Scala job's would be.
"""

import json
import sys
import time
from pathlib import Path
from typing import Any, List, Tuple

import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import StandardScaler
from pyspark.sql import DataFrame, SparkSession

from paramavg.ml import ParamAvgClassificationModel, ParamAvgClassifier

from conftest import predictions, run_program, small

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def train_parquet(train: DataFrame, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("tables") / "train.parquet")
    train.limit(2000).write.parquet(path)
    return path


def scaled_pipeline() -> Pipeline:
    return Pipeline(
        stages=[
            StandardScaler(inputCol="features", outputCol="scaled"),
            small(featuresCol="scaled", normalize="none"),
        ]
    )


@pytest.fixture(scope="module")
def saved_pipeline(
    spark: SparkSession, train_parquet: str, test_parquet: str, tmp_path_factory: pytest.TempPathFactory
) -> Tuple[str, List[float]]:
    """A StandardScaler + ParamAvgClassifier pipeline fitted on Parquet, saved; its test predictions."""
    fitted = scaled_pipeline().fit(spark.read.parquet(train_parquet))
    path = str(tmp_path_factory.mktemp("saved") / "pipeline-model")
    fitted.save(path)
    return path, predictions(fitted.transform(spark.read.parquet(test_parquet)))


def test_pipeline_model_loads_in_python_with_python_stages_and_scores_the_same(
    spark: SparkSession, saved_pipeline: Tuple[str, List[float]], test_parquet: str
) -> None:
    path, expected = saved_pipeline
    loaded = PipelineModel.load(path)
    assert isinstance(loaded.stages[1], ParamAvgClassificationModel)
    assert loaded.stages[1].getFeaturesCol() == "scaled"
    assert predictions(loaded.transform(spark.read.parquet(test_parquet))) == expected


def test_unfitted_pipeline_saves_and_loads_with_its_settings(tmp_path: Path, spark: SparkSession) -> None:
    path = str(tmp_path / "pipeline")
    scaled_pipeline().save(path)
    stage = Pipeline.load(path).getStages()[1]
    assert isinstance(stage, ParamAvgClassifier)
    assert (stage.getFeaturesCol(), stage.getNormalize(), stage.getHiddenLayers()) == ("scaled", "none", [32])


def test_pipeline_saved_from_python_loads_in_java_and_scores_the_same(
    spark: SparkSession, saved_pipeline: Tuple[str, List[float]], test_parquet: str
) -> None:
    path, expected = saved_pipeline
    java = spark._jvm.org.apache.spark.ml.PipelineModel.load(path)
    assert java.stages()[1].getClass().getName() == "io.paramavg.ml.ParamAvgClassificationModel"
    scored = DataFrame(java.transform(spark.read.parquet(test_parquet)._jdf), spark)
    assert predictions(scored) == expected


def test_python_trained_model_is_a_dl4j_model_that_model_serializer_loads(
    spark: SparkSession, saved_pipeline: Tuple[str, List[float]]
) -> None:
    path, _ = saved_pipeline
    stage = PipelineModel.load(path).stages[1]
    zip_path = next(Path(path, "stages").glob("1_*")) / "data" / "model.zip"
    network = spark._jvm.org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(str(zip_path))
    assert network.numParams() == stage._java_obj.network().numParams() > 0
    assert network.params().equals(stage._java_obj.network().params())
    assert Path(zip_path).read_bytes() == stage.modelZip()


def java_int_array(spark: SparkSession, *values: int) -> Any:
    array = spark.sparkContext._gateway.new_array(spark._jvm.int, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def test_pipeline_saved_from_java_loads_in_python_and_scores_the_same(
    spark: SparkSession, train_parquet: str, test_parquet: str, tmp_path: Path
) -> None:
    jvm = spark._jvm
    scaler = jvm.org.apache.spark.ml.feature.StandardScaler().setInputCol("features").setOutputCol("scaled")
    classifier = (
        jvm.io.paramavg.ml.ParamAvgClassifier()
        .setHiddenLayers(java_int_array(spark, 16))
        .setEpochs(1)
        .setShards(2)
        .setSeed(11)
        .setNormalize("none")
        .setFeaturesCol("scaled")
    )
    stages = spark.sparkContext._gateway.new_array(jvm.org.apache.spark.ml.PipelineStage, 2)
    stages[0], stages[1] = scaler, classifier
    fitted = jvm.org.apache.spark.ml.Pipeline().setStages(stages).fit(spark.read.parquet(train_parquet)._jdf)
    path = str(tmp_path / "java-pipeline-model")
    fitted.write().save(path)
    test = spark.read.parquet(test_parquet)
    java_predictions = predictions(DataFrame(fitted.transform(test._jdf), spark))

    loaded = PipelineModel.load(path)
    assert isinstance(loaded.stages[1], ParamAvgClassificationModel)
    assert predictions(loaded.transform(test)) == java_predictions


NEW_PROCESS_PROGRAM = """
import json, sys
from conftest import session_builder, small, predictions
from pyspark.ml import PipelineModel
spark = session_builder().getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
pipeline, test, out = sys.argv[1:4]
scores = predictions(PipelineModel.load(pipeline).transform(spark.read.parquet(test)))
# A fit runs the engine's barrier stage, whose timer thread (SPARK-46895) is not a daemon.
small(epochs=1, hiddenLayers=[8]).fit(spark.read.parquet(test).limit(400))
with open(out, "w") as f:
    json.dump({"predictions": scores, "jvm": spark.sparkContext._jvm.ProcessHandle.current().pid()}, f)
spark.stop()
print("done")
"""


@pytest.fixture(scope="module")
def new_process(saved_pipeline: Tuple[str, List[float]], test_parquet: str, tmp_path_factory: pytest.TempPathFactory):
    """A new Python program that loads the saved pipeline, scores, trains, and ends.

    Its Spark's Python workers run the interpreter this virtual environment was made from, which has
    neither paramavg nor numpy (PySpark's Pipeline reader reads metadata through a Python RDD, so
    some Python must be there): paramavg's stages run in the JVM, which is why a cluster needs the
    package on the driver alone.
    """
    out = tmp_path_factory.mktemp("new-process") / "out.json"
    bare = getattr(sys, "_base_executable", sys.executable)
    done = run_program(NEW_PROCESS_PROGRAM, 300, saved_pipeline[0], test_parquet, str(out), PYSPARK_PYTHON=bare)
    return done, json.loads(out.read_text()) if out.exists() else None


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited; only its parent's wait is missing


def test_a_python_program_that_trained_exits_and_its_jvm_with_it(new_process: Any) -> None:
    # run_program's timeout turns a hang into subprocess.TimeoutExpired, failing this test.
    done, result = new_process
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("done")
    # The JVM reads its stdin until the Python driver is gone, then exits; wait for it boundedly.
    deadline = time.monotonic() + 60
    while _alive(result["jvm"]) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _alive(result["jvm"]), f"the program's JVM (pid {result['jvm']}) outlived it"


def test_pipeline_loads_in_a_new_process_and_scores_the_same(
    new_process: Any, saved_pipeline: Tuple[str, List[float]]
) -> None:
    done, result = new_process
    assert result is not None, done.stderr[-3000:]
    assert result["predictions"] == saved_pipeline[1]
    assert "PythonException" not in done.stderr, "the executors needed no paramavg"


IMPORT_PARAMAVG_ONLY = """
import sys
import paramavg
from pyspark.ml import PipelineModel
from pyspark.sql import SparkSession

spark = (SparkSession.builder.master("local[2]").config("spark.jars", paramavg.jar())
         .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
         .config("spark.ui.enabled", "false").getOrCreate())
stage = PipelineModel.load(sys.argv[1]).stages[1]
print(type(stage).__module__ + "." + type(stage).__name__)
spark.stop()
"""


def test_pipeline_model_loads_in_a_new_process_that_imported_only_paramavg(
    saved_pipeline: Tuple[str, List[float]]
) -> None:
    done = run_program(IMPORT_PARAMAVG_ONLY, 300, saved_pipeline[0])
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "paramavg.ml.classification.ParamAvgClassificationModel"
