package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;

import java.util.Map;
import java.util.Optional;

/**
 * Where a run is recorded in MLflow, besides its own files. Changes no result: a run logged to MLflow
 * trains bit for bit as one that is not, and a resumed run may log elsewhere.
 *
 * @param trackingUri the tracking server, or empty for the environment's ({@link #TRACKING_URI})
 * @param experiment  the experiment's name ({@link #EXPERIMENT})
 * @param runName     the run's name, or empty for the output folder's ({@link #RUN_NAME})
 * @param registeredModel retrain: the registered model a promoted version becomes a version of, or empty
 *                        for none ({@link #REGISTERED_MODEL})
 * @param alias           retrain: the alias that follows the promoted version ({@link #ALIAS})
 */
public record MlflowConfig(String trackingUri, String experiment, String runName, String registeredModel,
                           String alias) {
    /** The environment variable MLflow's own clients read, used when the setting is empty. */
    public static final String ENVIRONMENT = "MLFLOW_TRACKING_URI";

    public static final Setting<String> TRACKING_URI = Setting.text("mlflow.tracking-uri", "", true,
            "MLflow tracking server (http://host:5000) that train, retrain, tune and a Spark ML fit log each run to: "
                    + "every setting "
                    + "as a param, per-epoch metrics, the final test metrics, and model.zip, model.onnx, manifest.json "
                    + "and report.html as artifacts. Empty: the " + ENVIRONMENT + " environment variable, and no "
                    + "logging when that is unset too. A server that fails is one warning; the run goes on.");
    public static final Setting<String> EXPERIMENT = Setting.text("mlflow.experiment", "paramavg", false,
            "MLflow experiment the runs are logged to; created when missing.");
    public static final Setting<String> RUN_NAME = Setting.text("mlflow.run-name", "", true,
            "MLflow run name; empty: the name of the run's output folder.");

    public static final Setting<String> REGISTERED_MODEL = Setting.text("mlflow.registered-model", "", true,
            "retrain only: when a new version is promoted, register its MLflow run as a new version of this MLflow "
                    + "registered model (created when missing) and point mlflow.alias at it; a version that is not "
                    + "better is logged but not registered. Empty: no registering.");
    public static final Setting<String> ALIAS = Setting.text("mlflow.alias", "champion", false,
            "retrain only: the alias of mlflow.registered-model that follows the promoted version.");

    public MlflowConfig {
        TRACKING_URI.check(trackingUri);
        EXPERIMENT.check(experiment);
        RUN_NAME.check(runName);
        REGISTERED_MODEL.check(registeredModel);
        ALIAS.check(alias);
    }

    /** The configuration {@code settings} give. */
    public static MlflowConfig from(Settings settings) {
        return new MlflowConfig(settings.value(TRACKING_URI), settings.value(EXPERIMENT), settings.value(RUN_NAME),
                settings.value(REGISTERED_MODEL), settings.value(ALIAS));
    }

    /** The tracking server in effect: the setting, else {@code environment}'s {@value #ENVIRONMENT}; empty: none. */
    public Optional<String> server(Map<String, String> environment) {
        String uri = !trackingUri.isBlank() ? trackingUri : environment.getOrDefault(ENVIRONMENT, "");
        return uri.isBlank() ? Optional.empty() : Optional.of(uri.trim());
    }
}
