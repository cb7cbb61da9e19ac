package io.paramavg.driver.cli;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.ModelArchive;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.driver.testing.Golden;
import io.paramavg.worker.data.IdxArray;
import io.paramavg.worker.data.IdxReader;
import io.paramavg.worker.testing.OnnxRuntimeScores;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code paramavg export}: the golden models written by older releases export to ONNX files that
 * ONNX Runtime scores as paramavg does (the same class for every record, probabilities within 1e-5,
 * and so the accuracy each run recorded), with their scaling in the graph and their labels in the
 * metadata; what cannot be exported is refused with exit code 2 and nothing written. No Spark.
 */
class ExportCommandTest {
    private static final double TOLERANCE = 1e-5;
    private static final HadoopConf CONF = new HadoopConf(new Configuration());

    @TempDir
    Path dir;

    @Test
    void anIdxModelExportsToAGraphThatScoresTheEmbeddedTestSetAsPredictDoes() throws IOException, OrtException {
        String model = Golden.path("format2-model/model.zip").toString();
        Path onnx = dir.resolve("model.onnx");
        Path predicted = dir.resolve("predicted.csv");

        Golden.Outcome exported = Golden.paramavg("export", "--model", model, "--format", "onnx", "--out",
                onnx.toString());
        Golden.Outcome predict = Golden.paramavg("predict", "--model", model, "--images",
                "embedded:test-images-idx3-ubyte.gz", "--out", predicted.toString());

        assertEquals(0, exported.code(), exported.err());
        assertTrue(exported.out().startsWith("exported " + model + " to " + onnx + " (ONNX opset 13, "),
                exported.out());
        assertEquals(0, predict.code(), predict.err());
        // paramavg's own scoring, as predict writes it: index, predicted class, p0..p9 (6 decimals).
        List<String[]> rows = Files.readAllLines(predicted).stream().skip(1).map(line -> line.split(",")).toList();
        float[] expected = new float[rows.size() * 10];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < 10; c++) {
                expected[r * 10 + c] = Float.parseFloat(rows.get(r)[2 + c]);
            }
        }
        IdxArray images = embedded("test-images-idx3-ubyte.gz");
        OnnxRuntimeScores scores = OnnxRuntimeScores.score(Files.readAllBytes(onnx), greyLevels(images),
                images.count(), 784);

        for (int r = 0; r < rows.size(); r++) {
            assertEquals(Long.parseLong(rows.get(r)[1]), scores.classes()[r], "image " + r);
        }
        // The CSV's 6 decimals are within 5e-7 of paramavg's floats.
        assertTrue(scores.largestDifference(expected) <= TOLERANCE + 5e-7, "largest difference "
                + scores.largestDifference(expected));
        assertEquals(0.871, accuracy(scores.classes(), embedded("test-labels-idx1-ubyte.gz").body()),
                "the accuracy the run recorded");
    }

    @Test
    void aTableModelExportsWithItsStandardizingAndItsLabelsAndScoresItsTestRowsAsItsRunDid()
            throws IOException, OrtException {
        Path folder = Golden.path("unnumbered-table-model");
        Path onnx = dir.resolve("table.onnx");

        Golden.Outcome exported = Golden.paramavg("export", "--model", folder.resolve("model.zip").toString(),
                "--out", onnx.toString());

        assertEquals(0, exported.code(), exported.err());
        List<String> lines = Files.readAllLines(folder.resolve("test.csv"));
        List<String> labels = new ArrayList<>();
        float[] raw = new float[(lines.size() - 1) * 4];
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",");
            labels.add(cells[0]);
            for (int f = 0; f < 4; f++) {
                raw[(r - 1) * 4 + f] = Float.parseFloat(cells[1 + f]);
            }
        }
        int n = labels.size();
        byte[] file = Files.readAllBytes(onnx);
        OnnxRuntimeScores scores = OnnxRuntimeScores.score(file, raw, n, 4);
        // paramavg's scoring of a table row (Scorer, on the executors): DL4J's normalizer, then the network.
        SavedModel saved = SavedModel.load(folder.resolve("model.zip").toString(), CONF);
        float[] expected = saved.network().output(Nd4j.create(saved.table().scaling().apply(raw.clone(), n, 4),
                new long[] {n, 4}, 'c'), false).data().asFloat();

        assertEquals(List.of(), scores.disagreements(expected));
        assertTrue(scores.largestDifference(expected) <= TOLERANCE, "largest difference "
                + scores.largestDifference(expected));
        Map<String, String> metadata = metadata(file);
        assertEquals("[\"ant\",\"bee\",\"cat\"]", metadata.get("paramavg.labels"));
        assertEquals("text", metadata.get("paramavg.label_kind"));
        assertEquals("standardize", metadata.get("paramavg.scaling"));
        assertEquals("0.77", metadata.get("paramavg.test_accuracy"));
        List<String> names = List.of("ant", "bee", "cat");
        long right = 0;
        for (int r = 0; r < n; r++) {
            right += names.get((int) scores.classes()[r]).equals(labels.get(r)) ? 1 : 0;
        }
        assertEquals(154, right, "0.7700 of 200 rows, as the run recorded");
    }

    @Test
    void theManifestIsTheOnnxModelsMetadata() throws IOException, OrtException {
        Path copy = Golden.copy("format2-model", dir.resolve("run"));
        Path onnx = dir.resolve("model.onnx");

        assertEquals(0, Golden.paramavg("export", "--model", copy.resolve("model.zip").toString(), "--out",
                onnx.toString()).code());

        Map<String, String> metadata = metadata(Files.readAllBytes(onnx));
        String manifest = Files.readString(copy.resolve("manifest.json"), StandardCharsets.UTF_8);
        assertEquals(io.paramavg.driver.output.Json.mapper().readTree(manifest),
                io.paramavg.driver.output.Json.mapper().readTree(metadata.get("paramavg.manifest")));
        assertEquals("[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]", metadata.get("paramavg.labels"));
        assertEquals("divide by 255", metadata.get("paramavg.scaling"));
        assertEquals("42", metadata.get("paramavg.seed"));
        assertEquals("0.871", metadata.get("paramavg.test_accuracy"));
        assertTrue(metadata.get("paramavg.input").startsWith("the grey levels 0-255 of a 28x28 image"),
                metadata.get("paramavg.input"));
    }

    @Test
    void anExistingOutIsRefusedAndKeptUnlessOverwrite() throws IOException {
        Path onnx = Files.writeString(dir.resolve("model.onnx"), "a file someone keeps");
        String model = Golden.path("format2-model/model.zip").toString();

        Golden.Outcome refused = Golden.paramavg("export", "--model", model, "--out", onnx.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("--out " + onnx + " already exists"), refused.err());
        assertEquals("a file someone keeps", Files.readString(onnx));

        assertEquals(0, Golden.paramavg("export", "--model", model, "--out", onnx.toString(), "--overwrite").code());
        assertFalse(Files.readString(onnx, StandardCharsets.ISO_8859_1).contains("someone"));
    }

    @Test
    void aModelWithALayerTheExportCannotTranslateIsRefusedByNameAndAnExistingFileIsLeftAsItWas()
            throws IOException {
        Path model = dir.resolve("batchnorm.zip");
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(0, new DenseLayer.Builder().nIn(784).nOut(8).activation(Activation.RELU).build())
                .layer(1, new BatchNormalization.Builder().nOut(8).build())
                .layer(2, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(10)
                        .activation(Activation.SOFTMAX).build()).build());
        network.init();
        try (OutputStream out = Files.newOutputStream(model)) {
            ModelArchive.write(network, Files.readString(Golden.path("format2-model/manifest.json")), out);
        }
        Path onnx = Files.writeString(dir.resolve("model.onnx"), "the previous export");

        Golden.Outcome refused = Golden.paramavg("export", "--model", model.toString(), "--out", onnx.toString(),
                "--overwrite");

        assertEquals(2, refused.code(), refused.err());
        assertEquals("paramavg: cannot export to ONNX: layer 1 (BatchNormalization) is not a DenseLayer; the export "
                + "translates MLPs: DenseLayers, then one OutputLayer with softmax", refused.err().strip());
        assertEquals("the previous export", Files.readString(onnx));
        assertEquals(List.of("batchnorm.zip", "model.onnx"), listing());
    }

    @Test
    void aModelWithoutAManifestIsRefusedBecauseItsInputScalingIsUnknown() throws IOException {
        Path model = Files.copy(Golden.path("v1-model-manifest-beside/model.zip"), dir.resolve("model.zip"));
        Path onnx = dir.resolve("model.onnx");

        Golden.Outcome refused = Golden.paramavg("export", "--model", model.toString(), "--out", onnx.toString());

        assertEquals(2, refused.code(), refused.err());
        assertEquals("paramavg: cannot export to ONNX: " + model + " has no paramavg manifest, so the scaling its "
                + "inputs were trained with is unknown (models written by paramavg train or a Spark ML fit carry one "
                + "inside model.zip)", refused.err().strip());
        assertFalse(Files.exists(onnx));
    }

    @Test
    void aFormatOtherThanOnnxIsAUsageErrorListingTheFormats() {
        Golden.Outcome refused = Golden.paramavg("export", "--model", Golden.path("format2-model/model.zip")
                .toString(), "--format", "pmml", "--out", dir.resolve("m.pmml").toString());

        assertEquals(2, refused.code(), refused.err());
        assertEquals("paramavg: --format must be one of onnx, found 'pmml'", refused.err().strip());
        assertFalse(Files.exists(dir.resolve("m.pmml")));
    }

    @Test
    void exportHelpShowsTheUsageAndEveryOption() {
        Golden.Outcome help = Golden.paramavg("export", "--help");

        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: paramavg export --model FILE --format onnx --out FILE.onnx"),
                help.out());
        for (Option option : new ExportCommand(System.out, CONF).options()) {
            assertTrue(help.out().contains(option.name()), option.name());
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, String> metadata(byte[] onnx) throws OrtException {
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx,
                new OrtSession.SessionOptions())) {
            return session.getMetadata().getCustomMetadata();
        }
    }

    private static double accuracy(long[] predicted, byte[] labels) {
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == (labels[i] & 0xff) ? 1 : 0;
        }
        return right / (double) predicted.length;
    }

    private static IdxArray embedded(String name) throws IOException {
        try (InputStream in = ExportCommandTest.class.getResourceAsStream("/paramavg/mnist-sample/" + name)) {
            return IdxReader.readAny(name, in);
        }
    }

    private static float[] greyLevels(IdxArray images) {
        byte[] body = images.body();
        float[] x = new float[body.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = body[i] & 0xff;
        }
        return x;
    }
}
