package io.paramavg.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.data.DataFile;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.IdxLoader;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.output.Manifest;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.worker.data.IdxArray;
import io.paramavg.worker.data.IdxReader;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code paramavg inspect PATH}: what an IDX file, a data folder or a model holds, read with the
 * same validation as training, so a broken file is reported exactly as {@code train} would.
 */
final class InspectCommand implements Command {
    private final PrintStream out;
    private final HadoopConf conf;

    InspectCommand(PrintStream out, HadoopConf conf) {
        this.out = out;
        this.conf = conf;
    }

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "what an IDX file, a data folder or a model holds";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg inspect PATH

                Shows what PATH holds, on any Hadoop file system:
                  an IDX file (.gz or plain)  its type, dimensions, record count, and for labels the class histogram
                  a data folder              each of its four MNIST-named files, and whether they belong together
                  a model (model.zip, or a run folder holding one)
                                             its layers and parameter count, and the manifest of the run that made it
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(SharedOptions.VERBOSE, SharedOptions.HELP);
    }

    @Override
    public String positionalLabel() {
        return "PATH";
    }

    @Override
    public ExitCode run(ParsedArguments parsed) throws IOException {
        if (parsed.positional().size() != 1) {
            throw UsageException.of("inspect takes one PATH (an IDX file, a data folder or a model), found "
                    + parsed.positional().size());
        }
        String location = parsed.positional().get(0);
        Path path = new Path(location);
        FileSystem fs = path.getFileSystem(conf.get());
        if (!fs.exists(path)) {
            throw new ConfigException("inspect: expected a file or folder, found nothing at " + location);
        }
        if (fs.getFileStatus(path).isDirectory()) {
            if (fs.exists(new Path(path, OutputFiles.MODEL))) {
                model(new Path(path, OutputFiles.MODEL).toString());
            } else {
                folder(location);
            }
        } else if (location.endsWith(".zip")) {
            model(location);
        } else {
            idx(new DataFile(location));
        }
        return ExitCode.OK;
    }

    private void idx(DataFile file) throws IOException {
        IdxArray array;
        try (InputStream in = file.open(conf)) {
            array = IdxReader.readAny(file.location(), in);
        }
        int[] d = array.dimensions();
        if (d.length == 1) {
            int[] histogram = new int[256];
            for (byte b : array.body()) {
                histogram[b & 0xff]++;
            }
            int classes = 0;
            for (int c = 0; c < histogram.length; c++) {
                if (histogram[c] > 0) {
                    classes = c + 1;
                }
            }
            out.printf(Locale.ROOT, "%s: IDX labels, %,d records, classes 0..%d%n", file, d[0], classes - 1);
            for (int c = 0; c < classes; c++) {
                out.printf(Locale.ROOT, "  class %d: %,d (%.1f%%)%n", c, histogram[c], 100.0 * histogram[c] / d[0]);
            }
        } else {
            StringBuilder shape = new StringBuilder();
            for (int i = 1; i < d.length; i++) {
                shape.append(i > 1 ? "x" : "").append(d[i]);
            }
            out.printf(Locale.ROOT, "%s: IDX %s, unsigned bytes, %,d records of %s%n", file,
                    d.length == 3 ? "images" : d.length + "-dimensional array", d[0], shape);
        }
    }

    private void folder(String location) throws IOException {
        DataFiles files = DataFiles.resolve(new DataConfig(location, "", "", "", "", 0), conf);
        for (DataFile file : files.all()) {
            idx(file);
        }
        LoadedData data = IdxLoader.load(files, 0, conf);
        out.printf(Locale.ROOT, "data folder %s: %,d training and %,d test records of %dx%d, %d classes; the files "
                        + "belong together%n", location, data.train().count(), data.test().count(), data.train().rows(),
                data.train().columns(), data.train().classes());
    }

    private void model(String location) throws IOException {
        SavedModel saved = SavedModel.load(location, conf);
        MultiLayerNetwork network = saved.network();
        out.printf(Locale.ROOT, "%s: DL4J MultiLayerNetwork, %d layers, %,d parameters%n", location,
                network.getnLayers(), network.numParams());
        for (Layer layer : network.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String shape = conf instanceof FeedForwardLayer ff ? ff.getNIn() + " -> " + ff.getNOut() : "";
            String activation = conf instanceof BaseLayer base ? base.getActivationFn().toString() : "";
            out.printf(Locale.ROOT, "  layer %d: %s %s, %s, %,d parameters%n", layer.getIndex(),
                    conf.getClass().getSimpleName(), shape, activation, layer.numParams());
        }
        Manifest manifest = saved.manifest();
        if (manifest == null) {
            out.println("  no manifest.json beside it: not a paramavg run folder");
            return;
        }
        out.printf(Locale.ROOT, "  trained %s by paramavg %s (%s engine), Spark %s on %s%n",
                orUnknown(manifest.started()), orUnknown(manifest.versions().paramavg()),
                orUnknown(manifest.setting("train.engine")), orUnknown(manifest.versions().spark()),
                orUnknown(manifest.sparkMaster()));
        manifest.configuration().forEach((key, value) -> out.printf("  %s = %s%n", key, value));
        manifest.inputs().forEach((input, sha256) -> out.printf("  input %s sha256 %s%n", input, sha256));
        JsonNode metrics = saved.metrics();
        if (metrics != null) {
            out.printf(Locale.ROOT, "  test accuracy %.4f%n", metrics.at("/test/accuracy").asDouble());
        }
    }

    private static String orUnknown(Object value) {
        return value == null ? "?" : value.toString();
    }
}
