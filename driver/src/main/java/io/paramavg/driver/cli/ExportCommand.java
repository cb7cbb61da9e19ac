package io.paramavg.driver.cli;

import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.export.ModelExport;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.worker.onnx.OnnxExport;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code paramavg export}: a saved model in a format other tools serve. In the driver's JVM, no
 * Spark job: reading a model.zip and writing one file.
 */
final class ExportCommand implements Command {
    private final PrintStream out;
    private final HadoopConf conf;

    ExportCommand(PrintStream out, HadoopConf conf) {
        this.out = out;
        this.conf = conf;
    }

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "a model as an ONNX file, for ONNX Runtime and other serving tools";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg export --model FILE --format onnx --out FILE.onnx

                Writes the model as a standard ONNX graph (opset %d): input '%s' [batch, features] takes the
                data as it is stored (IDX grey levels 0-255, or a table's raw values in column order) and the
                graph applies the scaling the model was trained with; outputs '%s' [batch, classes] and
                '%s' [batch]. The label of each class index and the run's provenance are the model's
                metadata (paramavg.labels, paramavg.manifest). A model holding anything the export cannot
                translate exactly is refused by name and nothing is written. Files may be on any Hadoop
                file system.
                """.formatted(OnnxExport.OPSET, OnnxExport.INPUT, OnnxExport.PROBABILITIES, OnnxExport.CLASS);
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.valued("--model", "FILE", "The model.zip to export.", null),
                Option.valued("--format", "NAME", "The format to write: " + String.join(", ", ModelExport.FORMATS)
                        + ".", ModelExport.FORMATS.get(0)),
                Option.valued("--out", "FILE", "The file to write.", null),
                Option.flag("--overwrite", "Replace an existing --out file."),
                SharedOptions.VERBOSE, SharedOptions.HELP);
    }

    @Override
    public ExitCode run(ParsedArguments parsed) throws IOException {
        String model = parsed.required("--model", name());
        String target = parsed.required("--out", name());
        String format = parsed.last("--format", ModelExport.FORMATS.get(0));
        ModelExport.checkFormat(format);
        RunOutput.refuseExistingFile(target, parsed.has("--overwrite"), conf);
        SavedModel saved = SavedModel.load(model, conf);
        byte[] written = ModelExport.write(saved, format, target, parsed.has("--overwrite"), conf);
        out.printf(Locale.ROOT, "exported %s to %s (ONNX opset %d, %,d bytes): input %s [batch, %d], outputs %s "
                        + "[batch, %d] and %s [batch]%n", model, target, OnnxExport.OPSET, written.length,
                OnnxExport.INPUT, saved.inputs(), OnnxExport.PROBABILITIES, saved.classes(), OnnxExport.CLASS);
        return ExitCode.OK;
    }
}
