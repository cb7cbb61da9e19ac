package io.paramavg.driver.export;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.Manifest;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.worker.onnx.OnnxExport;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A saved model exported to another format: the one entry point of {@code paramavg export} and of
 * the Spark ML model's {@code exportOnnx}. The whole file is built in memory first, so a model that
 * cannot be exported is refused before anything is written, and then written as every output is
 * ({@link RunOutput#writeFile}): refused if the file exists (unless overwrite), else to a temporary
 * name and renamed into place, so a failure never leaves a partial file or replaces a good one.
 */
public final class ModelExport {
    /** The formats export writes, as {@code --format} names them. */
    public static final List<String> FORMATS = List.of("onnx");

    private ModelExport() {
    }

    /** The ONNX file of {@code model}. */
    public static byte[] onnx(SavedModel model) {
        OnnxInputScaling scaling = OnnxInputScaling.of(model);
        return OnnxExport.write(model.network(), scaling.steps(), OnnxMetadata.of(model, scaling),
                Manifest.runningVersions(null).paramavg(), OnnxMetadata.description(model, scaling));
    }

    /** Refuses (before any work) a format export does not write. */
    public static void checkFormat(String format) {
        if (!FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("--format must be one of " + String.join(", ", FORMATS) + ", found '" + format
                    + "'");
        }
    }

    /** Writes {@code model} as {@code format} to {@code location} (any Hadoop file system); returns the bytes written. */
    public static byte[] write(SavedModel model, String format, String location, boolean overwrite, HadoopConf conf)
            throws IOException {
        checkFormat(format);
        RunOutput.refuseExistingFile(location, overwrite, conf);
        byte[] bytes = onnx(model);
        RunOutput.writeFile(location, overwrite, conf, out -> out.write(bytes));
        return bytes;
    }
}
