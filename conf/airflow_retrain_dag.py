"""Nightly paramavg retraining as an Airflow DAG (Airflow 2 with apache-airflow-providers-apache-spark).

paramavg's exit codes map to task states: 0 (promoted, or nothing to do) -> success; 10 (trained but
not promoted: the current version stays) -> skipped; anything else -> failed.
Not run in paramavg's CI (no Airflow there); adapt the paths and the connection to your cluster.
"""
import re
from datetime import datetime

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowSkipException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

NOT_PROMOTED = 10


class RetrainOperator(SparkSubmitOperator):
    """SparkSubmitOperator that turns paramavg's exit code 10 into a skipped task."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as error:
            # SparkSubmitHook reports the driver's exit code as "... Error code is: N."; in client
            # deploy mode that is paramavg's own exit code.
            match = re.search(r"Error code is: (\d+)", str(error))
            if match and int(match.group(1)) == NOT_PROMOTED:
                raise AirflowSkipException("trained, but not better than the current version") from error
            raise


with DAG(
    dag_id="paramavg_retrain",
    schedule="15 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # one retraining job at a time (the registry's lock refuses a second anyway)
) as dag:
    RetrainOperator(
        task_id="retrain",
        conn_id="spark_default",  # its host is the master, e.g. yarn; deploy mode client
        application="/opt/paramavg/driver/target/paramavg-driver-0.1.0-SNAPSHOT-app.jar",
        java_class="io.paramavg.driver.Main",
        conf={"spark.executor.memoryOverhead": "1536m"},
        # paramavg's settings are application arguments, never --conf keys.
        application_args=[
            "retrain",
            "--registry", "hdfs:///models/digits",
            "--data", "hdfs:///data/digits/latest",
            "--epochs", "15",
        ],
    )
