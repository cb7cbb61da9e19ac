"""Prints, as JSON, the versions of an MLflow registered model (version, run id) and the version an
alias points at, as MLflow's own client reads them.

    python registry.py TRACKING_URI MODEL ALIAS
"""
import json
import sys

from mlflow.tracking import MlflowClient

client = MlflowClient(tracking_uri=sys.argv[1])
versions = sorted(client.search_model_versions(f"name='{sys.argv[2]}'"), key=lambda v: int(v.version))
alias = client.get_model_version_by_alias(sys.argv[2], sys.argv[3]) if versions else None
print(json.dumps({
    "versions": [{"version": v.version, "run_id": v.run_id} for v in versions],
    "alias": None if alias is None else alias.version,
}))
