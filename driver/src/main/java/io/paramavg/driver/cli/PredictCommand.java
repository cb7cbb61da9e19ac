package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.DataFile;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.data.IdxArray;
import io.paramavg.worker.data.IdxReader;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.ml.BatchPrediction;
import io.paramavg.worker.train.Minibatches;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.io.PrintStream;

/**
 * {@code paramavg predict}: class probabilities for every record of a table ({@code --data}: CSV,
 * LIBSVM, Parquet), scored on Spark's executors and written as Parquet or CSV; or for every image of
 * an IDX file ({@code --images}), in the driver's JVM, as one CSV file.
 */
final class PredictCommand implements Command {
    private static final int BATCH = 1_000;

    private final PrintStream out;
    private final HadoopConf conf;

    PredictCommand(PrintStream out, HadoopConf conf) {
        this.out = out;
        this.conf = conf;
    }

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "class probabilities for every record of a table (on Spark) or image of an IDX file";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg predict --model FILE --data PATH [--format NAME] --out PATH[.csv]
                       paramavg predict --model FILE --images FILE --out FILE.csv

                --data: scores a CSV, LIBSVM or Parquet source (file, folder or glob) on Spark's executors
                with the model's label mapping and feature scaling, and writes Parquet (or CSV when --out
                ends in .csv; a folder of part files either way): the rows' id columns and label where
                present, source_file and source_line/source_row, prediction, predicted_label and the class
                probabilities (probability, or p_<label> columns in CSV).

                --images: writes one CSV row per image of an IDX file: its index in the file, the predicted
                class, and the probability of each class (p0, p1, ...; they sum to 1).
                Files may be on any Hadoop file system.
                """;
    }

    @Override
    public List<Option> options() {
        return Option.join(List.of(
                Option.valued("--model", "FILE", "The model.zip to predict with.", null),
                Option.valued("--images", "FILE", "IDX image file (.gz or plain) whose images have the size the model "
                        + "was trained on.", null),
                Option.forKey("--data", "PATH", ConfigKey.DATA_DIR)),
                SharedOptions.TABLE, List.of(
                SharedOptions.MASTER,
                Option.valued("--out", "FILE", "CSV to write: index, predicted class, one probability per class.",
                        null),
                Option.flag("--overwrite", "Replace an existing --out file."),
                SharedOptions.VERBOSE, SharedOptions.HELP));
    }

    @Override
    public ExitCode run(ParsedArguments parsed) throws IOException {
        String modelLocation = parsed.required("--model", name());
        if (parsed.has("--data") == parsed.has("--images")) {
            throw UsageException.of("predict needs exactly one of --data PATH (a table) and --images FILE (IDX)");
        }
        String outLocation = parsed.required("--out", name());
        if (parsed.has("--data")) {
            RunConfig run = RunConfig.from(SharedOptions.settings(parsed, options()));
            BatchPrediction.Result result = BatchPrediction.run(modelLocation, run.data().dir(), run.tables(),
                    outLocation, parsed.has("--overwrite"), parsed.last("--master", null), conf);
            out.printf(Locale.ROOT, "predicted %,d records of %s with %s on Spark; wrote %s (%s)%n", result.rows(),
                    run.data().dir(), modelLocation, outLocation, result.csv() ? "CSV" : "Parquet");
            return ExitCode.OK;
        }
        String imagesLocation = parsed.required("--images", name());
        RunOutput.refuseExistingFile(outLocation, parsed.has("--overwrite"), conf);

        SavedModel model = SavedModel.load(modelLocation, conf);
        DataFile imagesFile = new DataFile(imagesLocation);
        IdxArray images;
        try (InputStream in = imagesFile.open(conf)) {
            images = IdxReader.readImages(imagesLocation, in);
        }
        int rows = images.dimensions()[1];
        int columns = images.dimensions()[2];
        if ((long) rows * columns != model.inputs()) {
            throw new DataFormatException(imagesLocation, "image size", model.inputs() + " pixels per image (what "
                    + modelLocation + " takes)", rows + "x" + columns + " = " + rows * columns);
        }
        int classes = (int) model.classes();
        int count = images.count();
        // The same scaling as training: Minibatches cuts the features; the labels are unused placeholders.
        LabeledRecords unlabeled = LabeledRecords.of(rows, columns, classes, images.body(), new byte[count]);
        int[] order = Minibatches.identity(count);
        RunOutput.writeFile(outLocation, parsed.has("--overwrite"), conf, stream -> {
            Writer csv = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            csv.write("index,predicted");
            for (int c = 0; c < classes; c++) {
                csv.write(",p" + c);
            }
            csv.write('\n');
            for (int from = 0; from < count; from += BATCH) {
                int to = Math.min(from + BATCH, count);
                INDArray probabilities = model.network().output(
                        Minibatches.slice(unlabeled, order, from, to).getFeatures(), false);
                float[] p = probabilities.data().asFloat();
                for (int r = 0; r < to - from; r++) {
                    int best = 0;
                    StringBuilder row = new StringBuilder();
                    for (int c = 0; c < classes; c++) {
                        float value = p[r * classes + c];
                        if (value > p[r * classes + best]) {
                            best = c;
                        }
                        row.append(',').append(String.format(Locale.ROOT, "%.6f", value));
                    }
                    csv.write((from + r) + "," + best + row + "\n");
                }
            }
            csv.flush();
        });
        out.printf(Locale.ROOT, "predicted %,d images with %s; wrote %s%n", count, modelLocation, outLocation);
        return ExitCode.OK;
    }
}
