package io.paramavg.driver.cli;

import io.paramavg.driver.data.DataFile;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.data.IdxArray;
import io.paramavg.worker.data.IdxReader;
import io.paramavg.worker.data.LabeledImages;
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
 * {@code paramavg predict}: class probabilities for every image of an IDX file, as CSV. Runs in the
 * driver's JVM: one forward pass per thousand images needs no cluster.
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
        return "class probabilities for every image of an IDX file, as CSV";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg predict --model FILE --images FILE --out FILE.csv

                Writes one CSV row per image: its index in the file, the predicted class, and the probability
                of each class (p0, p1, ...; they sum to 1). Files may be on any Hadoop file system.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.valued("--model", "FILE", "The model.zip to predict with.", null),
                Option.valued("--images", "FILE", "IDX image file (.gz or plain) whose images have the size the model "
                        + "was trained on.", null),
                Option.valued("--out", "FILE", "CSV to write: index, predicted class, one probability per class.",
                        null),
                Option.flag("--overwrite", "Replace an existing --out file."),
                TrainCommand.VERBOSE, TrainCommand.HELP);
    }

    @Override
    public ExitCode run(ParsedArguments parsed) throws IOException {
        String modelLocation = parsed.required("--model", name());
        String imagesLocation = parsed.required("--images", name());
        String outLocation = parsed.required("--out", name());
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
        LabeledImages unlabeled = LabeledImages.of(rows, columns, classes, images.body(), new byte[count]);
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
