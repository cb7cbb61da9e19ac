package io.paramavg.driver.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.export.ModelExport;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.output.SavedModel;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A finished run's files as MLflow receives them: local copies (the output folder may be on HDFS or
 * S3) of model.zip, manifest.json and report.html, and the model exported to ONNX ({@value #ONNX},
 * made for MLflow only: the run folder keeps its four files); and its metrics.json. The copies live in
 * a temporary folder that {@link #close} removes.
 */
final class RunFiles implements AutoCloseable {
    /** The ONNX export's artifact name. */
    static final String ONNX = "model.onnx";
    private static final List<String> COPIED = List.of(OutputFiles.MODEL, OutputFiles.MANIFEST, OutputFiles.REPORT);

    private final java.nio.file.Path folder;
    private final Map<String, java.nio.file.Path> artifacts = new LinkedHashMap<>();
    private final JsonNode metrics;

    RunFiles(RunOutput output, HadoopConf conf) throws IOException {
        folder = Files.createTempDirectory("paramavg-mlflow-");
        for (String name : COPIED) {
            java.nio.file.Path local = folder.resolve(name);
            output.fileSystem().copyToLocalFile(false, new Path(output.folder(), name), new Path(local.toUri()), true);
            artifacts.put(name, local);
        }
        SavedModel model = SavedModel.load(new Path(output.folder(), OutputFiles.MODEL).toString(), conf);
        artifacts.put(ONNX, Files.write(folder.resolve(ONNX), ModelExport.onnx(model)));
        try (FSDataInputStream in = output.fileSystem().open(new Path(output.folder(), OutputFiles.METRICS))) {
            metrics = Json.mapper().readTree(in);
        }
    }

    Map<String, java.nio.file.Path> artifacts() {
        return artifacts;
    }

    JsonNode metrics() {
        return metrics;
    }

    @Override
    public void close() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(folder)) {
            for (java.nio.file.Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
    }
}
