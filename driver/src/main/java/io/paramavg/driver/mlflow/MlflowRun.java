package io.paramavg.driver.mlflow;

/**
 * A run on the tracking server.
 *
 * @param id          MLflow's run id
 * @param artifactUri where the run's artifacts go, as the server gave it
 */
record MlflowRun(String id, String artifactUri) {
}
