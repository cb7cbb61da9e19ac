package io.paramavg.driver.output;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.engine.TrainingResult;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Writes a finished run's outputs: metrics.json, manifest.json, report.html, then model.zip. */
public final class RunWriter {
    private RunWriter() {
    }

    public static void write(RunOutput output, RunConfig config, LoadedData data, TrainingResult result,
                             String sparkVersion, String master, Instant started, double wallSeconds)
            throws IOException {
        MultiLayerNetwork network = NetworkFactory.build(config.model(), data.train().features(),
                data.train().classes(), config.training().seed());
        NetworkState.apply(result.finalState(), network);
        Map<String, Object> metrics = Metrics.of(result, wallSeconds);
        Manifest manifest = Manifest.of(config, data, sparkVersion, master, result.shards(), result.executors(),
                started);
        String manifestJson = manifest.toJson();
        output.write(OutputFiles.METRICS, Json.of(metrics));
        output.write(OutputFiles.MANIFEST, Json.of(manifest.toMap()));
        String report = Report.html(metrics, manifest.toMap());
        output.write(OutputFiles.REPORT, stream -> stream.write(report.getBytes(StandardCharsets.UTF_8)));
        // The model last: a folder with a model.zip holds a complete run.
        // A table's scaling travels inside the model, as DL4J's normalizer: IDX pixels need none.
        DataNormalization normalizer = data instanceof LoadedData.Table table
                ? table.preprocessing().scaling().normalizer() : null;
        output.write(OutputFiles.MODEL, stream -> ModelArchive.write(network, manifestJson, normalizer, stream));
    }
}
