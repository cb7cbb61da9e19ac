"""paramavg.connect.local_session hands the local Connect server its jar and static settings as spark-submit
arguments (PYSPARK_SUBMIT_ARGS), keeping the user's own; test_connect.py runs it for real on Spark 4."""

import shlex

import paramavg
from paramavg import connect


def test_submit_args_add_the_jar_and_static_settings_after_the_users_and_end_with_pyspark_shell() -> None:
    args = shlex.split(connect._submit_args({"spark.ui.enabled": "false"}, "--driver-memory 2g pyspark-shell"))
    assert args == ["--driver-memory", "2g", "--jars", paramavg.jar(), "--conf", "spark.ui.enabled=false",
                    "pyspark-shell"]


def test_submit_args_quote_values_with_spaces() -> None:
    args = shlex.split(connect._submit_args({"spark.driver.extraJavaOptions": "-Da=1 -Db=2"}, None))
    assert args[-2:] == ["spark.driver.extraJavaOptions=-Da=1 -Db=2", "pyspark-shell"]
