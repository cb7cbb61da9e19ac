"""MLflow from PySpark, against a real tracking server: a fit whose MLflow Params name the server records its run
there (through the JVM's REST client); a fitted model logged with ``mlflow.spark.log_model`` scores pandas rows
through MLflow's pyfunc flavour in a fresh process, once that process has imported paramavg (PySpark looks up
the saved stage's Python class by its Java package's name, which ``import paramavg`` registers).
docs/sharing.md's example, a Pipeline with a VectorAssembler in front, is run by test_sharing_docs.py."""

import json
from pathlib import Path

import pyspark
import pytest
from pyspark.sql import DataFrame

import paramavg
from conftest import run_program, small
from paramavg.ml import ParamAvgClassificationModel

# MLflow's client and spark flavour are the same on both Spark lines: the default line's build runs these (and
# installs MLflow for them), the Spark 3.5 line's leaves them out, as it does the Java MLflow tests.
pytestmark = [pytest.mark.slow, pytest.mark.line_independent]
mlflow = pytest.importorskip("mlflow", reason="MLflow is installed only where the line_independent tests run")
from mlflow.tracking import MlflowClient  # noqa: E402

#: Loads the logged model in a new process: first without importing paramavg (to show what fails), then with.
FRESH_PROCESS = """
import json
import sys

import mlflow
import pandas as pd
from pyspark.sql import SparkSession

tracking_uri, model_uri, labels_uri, jar, rows = sys.argv[1:]
spark = SparkSession.builder.master("local[2]").config("spark.driver.host", "127.0.0.1") \\
    .config("spark.ui.enabled", "false").config("spark.jars", jar).getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
mlflow.set_tracking_uri(tracking_uri)
try:
    mlflow.spark.load_model(model_uri)
    without_import = None
except Exception as error:
    without_import = f"{type(error).__name__}: {error}"

import paramavg

features = pd.DataFrame({"features": json.load(open(rows))})
print(json.dumps({"without_import": without_import,
                  "pyfunc": mlflow.pyfunc.load_model(model_uri).predict(features),
                  "labels": mlflow.pyfunc.load_model(labels_uri).predict(features)}))
"""


@pytest.fixture(scope="module")
def tracked(mlflow_server: str, train: DataFrame) -> ParamAvgClassificationModel:
    """A model fitted from Python with the MLflow Params naming the test server."""
    return small(trackingUri=mlflow_server, experiment="python-fit", runName="a python fit").fit(train)


def test_a_fit_from_python_records_its_run_in_the_server_its_params_name(
    tracked: ParamAvgClassificationModel, mlflow_server: str
) -> None:
    client = MlflowClient(tracking_uri=mlflow_server)
    experiment = client.get_experiment_by_name("python-fit")
    assert experiment is not None
    runs = client.search_runs([experiment.experiment_id])

    assert len(runs) == 1, runs
    run = runs[0]
    assert (run.info.run_name, run.info.status) == ("a python fit", "FINISHED")
    assert run.data.params["train.epochs"] == "2"
    assert run.data.params["train.seed"] == "7"
    assert [m.step for m in client.get_metric_history(run.info.run_id, "train_loss")] == [1, 2]
    assert sorted(a.path for a in client.list_artifacts(run.info.run_id)) == [
        "manifest.json", "model.onnx", "model.zip", "report.html"]


def test_a_logged_model_scores_a_pandas_features_column_through_pyfunc_in_a_fresh_process_that_imports_paramavg(
    tracked: ParamAvgClassificationModel, test: DataFrame, mlflow_server: str, tmp_path: Path
) -> None:
    rows = test.limit(5)
    mlflow.set_tracking_uri(mlflow_server)
    with mlflow.start_run(run_name="logged from python"):
        # pip_requirements skips MLflow's requirement inference, which loads the model in a new process whose
        # session lacks the jar, fails, and falls back to pyspark alone after a JVM's start-up.
        requirements = [f"pyspark=={pyspark.__version__}"]
        logged = mlflow.spark.log_model(tracked, "model", pip_requirements=requirements)
        # MLflow's pyfunc returns the column named prediction: the original labels, when they are written there.
        labelled = tracked.copy().setPredictionCol("").setPredictedLabelCol("prediction")
        logged_labels = mlflow.spark.log_model(labelled, "labels", pip_requirements=requirements)
    # The pandas column a pyfunc caller has: each row's features as a list of floats, not an ML Vector.
    features = tmp_path / "features.json"
    features.write_text(json.dumps([row.features.toArray().tolist() for row in rows.collect()]))

    program = run_program(FRESH_PROCESS, 300, mlflow_server, logged.model_uri, logged_labels.model_uri,
                          paramavg.jar(), str(features))

    assert program.returncode == 0, program.stderr[-3000:]
    printed = json.loads(program.stdout.strip().splitlines()[-1])
    scored = tracked.transform(rows).select("prediction").collect()
    assert printed["pyfunc"] == [row.prediction for row in scored]
    # Digits: the labels are the indices, so the renamed predicted-label column holds the same numbers.
    assert printed["labels"] == [row.prediction for row in scored]
    assert printed["without_import"] is not None
    assert "No module named 'io.paramavg'" in printed["without_import"], printed["without_import"]
