"""tracelake on Airflow 2: the nightly run, and a DAG that waits for a day to be complete.

Copy this file into the DAGs folder and set the constants below. Needs
apache-airflow-providers-apache-spark (SparkSubmitOperator) and an Airflow connection
"spark_default" whose host is the cluster's master (yarn, spark://..., k8s://...).

- tracelake_nightly: for the logical day {{ ds }}, `tracelake run --date {{ ds }}` under
  spark-submit in client mode, then the day before again: its traces that cross midnight into
  {{ ds }} are only whole once {{ ds }}'s logs are there.
- tracelake_nightly_bash: the same with BashOperator, for hosts where spark-submit (or
  bin/tracelake) is simply on the PATH.
- tracelake_weekly_rollup: for the week starting {{ ds }} (a Monday), waits for the completion
  marker of its last day, <warehouse>/_runs/dt=<Sunday>/_COMPLETE (written last, after the
  aggregates), then rolls the seven days up.

Retries: tracelake exits 3 when the input is not there (a source has no file yet) or a file is
not readable to its end, and 5 when another run of the day holds its lock; both are worth
retrying later. Any other failure (1: the job failed, 2: bad arguments or config, 6: not
reconciled) fails the task without retries. The exit code reaches Airflow only
in client deploy mode: in cluster mode spark-submit says only whether the driver failed.
"""
import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.operators.bash import BashOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sensors.bash import BashSensor

CONFIG = "hdfs://namenode:8020/tracelake/tracelake.yaml"
WAREHOUSE = "hdfs://namenode:8020/tracelake/warehouse"
JAR = "/opt/tracelake/tracelake-0.1.0-SNAPSHOT.jar"
MAIN_CLASS = "io.tracelake.jobs.cli.TracelakeCommand"
SPARK_SUBMIT = "spark-submit --master yarn --deploy-mode client --class " + MAIN_CLASS + " " + JAR

# tracelake's exit codes worth a retry: "input not there (yet) or not readable", "another run of the day holds
# its lock"
INPUT_PROBLEM = 3
DAY_LOCKED = 5

DEFAULT_ARGS = {
    "owner": "data-platform",
    "retries": 6,
    "retry_delay": timedelta(minutes=30),
}


def exit_code(error):
    """The exit code in the message of BashOperator's or SparkSubmitHook's AirflowException, or None."""
    match = re.search(r"(?:exit code|Error code is:?)\s*(\d+)", str(error))
    return int(match.group(1)) if match else None


class RetriedOnlyOnInputProblems:
    """Mixin: exit code 3 or 5 fails the try (Airflow retries it); any other failure fails the task for good."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowFailException:
            raise
        except AirflowException as error:
            if exit_code(error) in (INPUT_PROBLEM, DAY_LOCKED):
                raise
            raise AirflowFailException("tracelake failed; not retried: %s" % error) from error


class TracelakeSparkSubmitOperator(RetriedOnlyOnInputProblems, SparkSubmitOperator):
    pass


class TracelakeBashOperator(RetriedOnlyOnInputProblems, BashOperator):
    pass


with DAG(
    dag_id="tracelake_nightly",
    start_date=datetime(2026, 11, 1),
    schedule="30 2 * * *",
    catchup=True,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
) as nightly:
    run_day = TracelakeSparkSubmitOperator(
        task_id="run_day",
        conn_id="spark_default",
        application=JAR,
        java_class=MAIN_CLASS,
        deploy_mode="client",
        application_args=["run", "--config", CONFIG, "--date", "{{ ds }}", "--json"],
    )
    rerun_day_before = TracelakeSparkSubmitOperator(
        task_id="rerun_day_before",
        conn_id="spark_default",
        application=JAR,
        java_class=MAIN_CLASS,
        deploy_mode="client",
        application_args=["run", "--config", CONFIG, "--date", "{{ macros.ds_add(ds, -1) }}", "--json"],
    )
    run_day >> rerun_day_before

with DAG(
    dag_id="tracelake_nightly_bash",
    start_date=datetime(2026, 11, 1),
    schedule="30 2 * * *",
    catchup=True,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
) as nightly_bash:
    run_day_bash = TracelakeBashOperator(
        task_id="run_day",
        bash_command=SPARK_SUBMIT + " run --config " + CONFIG + " --date {{ ds }} --json",
    )
    rerun_day_before_bash = TracelakeBashOperator(
        task_id="rerun_day_before",
        bash_command=SPARK_SUBMIT + " run --config " + CONFIG + " --date {{ macros.ds_add(ds, -1) }} --json",
    )
    run_day_bash >> rerun_day_before_bash

with DAG(
    dag_id="tracelake_weekly_rollup",
    start_date=datetime(2026, 11, 1),
    schedule="0 6 * * 1",
    catchup=False,
    default_args={"owner": "data-platform", "retries": 0},
) as weekly:
    day_complete = BashSensor(
        task_id="day_complete",
        # the marker is written last, after the aggregates: the day's tables are all there when it is
        bash_command="hdfs dfs -test -e " + WAREHOUSE + "/_runs/dt={{ macros.ds_add(ds, 6) }}/_COMPLETE",
        poke_interval=600,
        timeout=12 * 3600,
        mode="reschedule",
    )
    rollup_week = TracelakeBashOperator(
        task_id="rollup_week",
        bash_command=SPARK_SUBMIT + " rollup --config " + CONFIG
        + " --from {{ ds }} --to {{ macros.ds_add(ds, 6) }}",
    )
    day_complete >> rollup_week
