"""Prints, as JSON, every run of an MLflow experiment as MLflow's own client reads it back: name,
status, params, paramavg's tags, latest metrics, each metric's history (step, value) and the
artifacts' paths.

    python runs.py TRACKING_URI EXPERIMENT
"""
import json
import sys

from mlflow.tracking import MlflowClient

client = MlflowClient(tracking_uri=sys.argv[1])
experiment = client.get_experiment_by_name(sys.argv[2])
runs = [] if experiment is None else client.search_runs([experiment.experiment_id])
print(json.dumps([{
    "id": run.info.run_id,
    "name": run.info.run_name,
    "status": run.info.status,
    "params": run.data.params,
    "tags": {key: value for key, value in run.data.tags.items() if key.startswith("paramavg.")},
    "metrics": run.data.metrics,
    "history": {key: [[m.step, m.value] for m in client.get_metric_history(run.info.run_id, key)]
                for key in run.data.metrics},
    "artifacts": sorted(a.path for a in client.list_artifacts(run.info.run_id)),
} for run in runs]))
