/**
 * Runs recorded in MLflow, over MLflow's REST API (the Java client on Maven Central is years behind
 * the server, and brings its own HTTP and protobuf stack): an experiment found or created by name, a
 * run with every setting as a param, per-epoch metrics as they happen, the final test metrics, the
 * run's files as artifacts, and its status set as it ended. MLflow is a copy of the record, never a
 * condition of the run: the first failure to reach the server is one warning, and the run and its own
 * files go on as without MLflow.
 */
package io.paramavg.driver.mlflow;
