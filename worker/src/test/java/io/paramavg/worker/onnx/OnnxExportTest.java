package io.paramavg.worker.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.paramavg.worker.data.IdxArray;
import io.paramavg.worker.data.IdxReader;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.testing.OnnxRuntimeScores;
import io.paramavg.worker.train.Minibatches;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported graph, scored by ONNX Runtime, predicts what DL4J predicts: the same class for every
 * record and probabilities within 1e-5, for the embedded MNIST test set and every activation
 * paramavg trains; and what it cannot translate exactly is refused by name.
 */
class OnnxExportTest {
    private static final double TOLERANCE = 1e-5;
    private static final List<InputStep> IMAGE_SCALING = List.of(
            InputStep.of(InputStep.Operation.DIVIDE, LabeledRecords.IMAGE_DIVISOR));
    private static LabeledRecords train;
    private static LabeledRecords test;
    private static IdxArray testImages;

    @BeforeAll
    static void readTheEmbeddedSample() throws IOException {
        train = LabeledRecords.pair("train-images", images("train-images-idx3-ubyte.gz"), "train-labels",
                labels("train-labels-idx1-ubyte.gz"), 10);
        testImages = images("test-images-idx3-ubyte.gz");
        test = LabeledRecords.pair("test-images", testImages, "test-labels", labels("test-labels-idx1-ubyte.gz"), 10);
    }

    @Test
    void theEmbeddedTestSetScoresTheSameInOnnxRuntimeAsInDl4j() throws OrtException {
        MultiLayerNetwork network = trained(ModelConfig.defaults(), 2_000);
        byte[] onnx = OnnxExport.write(network, IMAGE_SCALING, Map.of(), "test", "test");

        float[] expected = paramavgScores(network, test);
        // The graph takes the grey levels as the IDX file stores them and divides by 255 itself.
        OnnxRuntimeScores scores = OnnxRuntimeScores.score(onnx, greyLevels(testImages), test.count(), 784);

        assertEquals(List.of(), scores.disagreements(expected));
        assertTrue(scores.largestDifference(expected) <= TOLERANCE, "largest difference "
                + scores.largestDifference(expected));
    }

    @ParameterizedTest
    @EnumSource(ModelConfig.Activation.class)
    void everyActivationParamavgTrainsScoresTheSameInOnnxRuntime(ModelConfig.Activation activation)
            throws OrtException {
        ModelConfig config = new ModelConfig(new int[] {32, 16}, activation, 0.2, 1e-4, ModelConfig.WeightInit.XAVIER,
                ModelConfig.Updater.ADAM, 0.01, 0.9, 1.0);
        MultiLayerNetwork network = trained(config, 640);
        byte[] onnx = OnnxExport.write(network, IMAGE_SCALING, Map.of(), "test", "test");

        LabeledRecords some = test.select(firstRows(500));
        float[] expected = paramavgScores(network, some);
        OnnxRuntimeScores scores = OnnxRuntimeScores.score(onnx, greyLevels(testImages, 500), 500, 784);

        assertEquals(List.of(), scores.disagreements(expected), activation.toString());
        assertTrue(scores.largestDifference(expected) <= TOLERANCE, activation + ": largest difference "
                + scores.largestDifference(expected));
    }

    @Test
    void perFeatureScalingStepsRunInOrderBeforeTheFirstLayer() throws OrtException {
        MultiLayerNetwork network = NetworkFactory.build(smallConfig(), 4, 3, 7);
        float[] mean = {1f, -2f, 30f, 0.5f};
        float[] std = {2f, 0.25f, 10f, 1f};
        List<InputStep> standardize = List.of(new InputStep(InputStep.Operation.SUBTRACT, mean),
                new InputStep(InputStep.Operation.DIVIDE, std));
        float[] x = {3f, -1f, 45f, 0f, -1f, -2.5f, 20f, 2f};
        float[] scaled = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            scaled[i] = (x[i] - mean[i % 4]) / std[i % 4];
        }
        float[] expected = network.output(Nd4j.create(scaled, new long[] {2, 4}, 'c'), false).data().asFloat();

        OnnxRuntimeScores scores = OnnxRuntimeScores.score(OnnxExport.write(network, standardize, Map.of(), "test",
                "test"), x, 2, 4);

        assertTrue(scores.largestDifference(expected) <= TOLERANCE, "largest difference "
                + scores.largestDifference(expected));
    }

    @Test
    void theFileDeclaresItsOpsetNamesADynamicBatchAndCarriesTheMetadata() throws OrtException {
        MultiLayerNetwork network = NetworkFactory.build(smallConfig(), 4, 3, 7);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("paramavg.labels", "[\"cat\",\"dog\",\"eel\"]");
        metadata.put("paramavg.seed", "7");
        byte[] onnx = OnnxExport.write(network, List.of(), metadata, "9.9.9", "an MLP");

        assertEquals(OnnxExport.IR_VERSION, ProtoFields.of(onnx).varint(1));
        ProtoFields opset = ProtoFields.of(ProtoFields.of(onnx).message(8));
        assertEquals("", opset.string(1));
        assertEquals(OnnxExport.OPSET, opset.varint(2));
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx,
                new OrtSession.SessionOptions())) {
            assertEquals(metadata, session.getMetadata().getCustomMetadata());
            assertEquals("paramavg", session.getMetadata().getProducerName());
            assertEquals("an MLP", session.getMetadata().getDescription());
            assertEquals(List.of(OnnxExport.INPUT), List.copyOf(session.getInputNames()));
            assertEquals(List.of(OnnxExport.PROBABILITIES, OnnxExport.CLASS), List.copyOf(session.getOutputNames()));
            assertShape(session.getInputInfo().get(OnnxExport.INPUT), -1, 4);
            assertShape(session.getOutputInfo().get(OnnxExport.PROBABILITIES), -1, 3);
            assertShape(session.getOutputInfo().get(OnnxExport.CLASS), -1);
            TensorInfo input = (TensorInfo) session.getInputInfo().get(OnnxExport.INPUT).getInfo();
            assertArrayEquals(new String[] {OnnxExport.BATCH, ""}, input.getDimensionNames());
        }
    }

    static Stream<Arguments> unexportableNetworks() {
        return Stream.of(
                Arguments.of("a batch normalisation layer", network(
                        new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.RELU).build(),
                        new BatchNormalization.Builder().nOut(5).build()), "layer 1 (BatchNormalization)"),
                Arguments.of("an activation the export does not translate", network(
                        new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.SWISH).build()),
                        "layer 0 (DenseLayer) has activation swish"),
                Arguments.of("the precise GELU", network(
                        new DenseLayer.Builder().nIn(4).nOut(5).activation(new ActivationGELU(true)).build()),
                        "layer 0 (DenseLayer) has the precise (tanh) GELU"),
                Arguments.of("a ReLU with a threshold", network(
                        new DenseLayer.Builder().nIn(4).nOut(5).activation(new ActivationReLU(null, 0.5, null)).build()),
                        "layer 0 (DenseLayer) has a ReLU with a maximum, threshold or negative slope"),
                Arguments.of("layer normalisation", network(
                        new DenseLayer.Builder().nIn(4).nOut(5).hasLayerNorm(true).activation(Activation.RELU).build()),
                        "layer 0 (DenseLayer) has layer normalisation"),
                Arguments.of("an output layer without softmax", outputNetwork(
                        new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(4).nOut(3)
                                .activation(Activation.SIGMOID).build()),
                        "layer 0 (OutputLayer) has activation sigmoid"),
                Arguments.of("no output layer", outputNetwork(
                        new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.SOFTMAX).build()),
                        "layer 0 (DenseLayer) is not an OutputLayer"),
                Arguments.of("an input preprocessor", preprocessed(), "layer 0 has input preprocessor "
                        + "CnnToFeedForwardPreProcessor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unexportableNetworks")
    void aNetworkHoldingWhatTheExportCannotTranslateIsRefusedByName(String what, MultiLayerNetwork network,
                                                                   String named) {
        ExportRefusedException refused = assertThrows(ExportRefusedException.class,
                () -> OnnxExport.write(network, List.of(), Map.of(), "test", "test"));
        assertTrue(refused.getMessage().startsWith("cannot export to ONNX: " + named), refused.getMessage());
    }

    @Test
    void aScalingStepWithTheWrongNumberOfValuesIsAnError() {
        MultiLayerNetwork network = NetworkFactory.build(smallConfig(), 4, 3, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.write(network,
                List.of(new InputStep(InputStep.Operation.SUBTRACT, new float[3])), Map.of(), "test", "test"));
        assertEquals("input step 0 (SUBTRACT) has 3 values; expected 1 or 4 (one per feature)", e.getMessage());
    }

    private static MultiLayerNetwork trained(ModelConfig config, int examples) {
        MultiLayerNetwork network = NetworkFactory.build(config, 784, 10, 42);
        int[] order = Minibatches.identity(train.count());
        for (int from = 0; from < examples; from += 32) {
            network.fit(Minibatches.slice(train, order, from, Math.min(from + 32, examples)));
        }
        return network;
    }

    /** paramavg's own scoring, as {@code paramavg predict --images} does it: minibatches cut and scaled from the bytes. */
    private static float[] paramavgScores(MultiLayerNetwork network, LabeledRecords records) {
        INDArray features = Minibatches.slice(records, Minibatches.identity(records.count()), 0, records.count())
                .getFeatures();
        return network.output(features, false).data().asFloat();
    }

    private static float[] greyLevels(IdxArray images) {
        return greyLevels(images, images.count());
    }

    private static float[] greyLevels(IdxArray images, int count) {
        byte[] body = images.body();
        float[] x = new float[count * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = body[i] & 0xff;
        }
        return x;
    }

    private static int[] firstRows(int n) {
        return Minibatches.identity(n);
    }

    private static ModelConfig smallConfig() {
        return new ModelConfig(new int[] {5}, ModelConfig.Activation.TANH, 0, 0, ModelConfig.WeightInit.XAVIER,
                ModelConfig.Updater.SGD, 0.1, 0.9, 1.0);
    }

    private static MultiLayerNetwork network(org.deeplearning4j.nn.conf.layers.Layer... hidden) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(1).list();
        int i = 0;
        for (org.deeplearning4j.nn.conf.layers.Layer layer : hidden) {
            list.layer(i++, layer);
        }
        list.layer(i, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                .activation(Activation.SOFTMAX).build());
        return initialised(list.build());
    }

    private static MultiLayerNetwork outputNetwork(org.deeplearning4j.nn.conf.layers.Layer last) {
        return initialised(new NeuralNetConfiguration.Builder().seed(1).list().layer(0, last).build());
    }

    private static MultiLayerNetwork preprocessed() {
        return initialised(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(0, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .inputPreProcessor(0, new CnnToFeedForwardPreProcessor(2, 2, 1)).build());
    }

    private static MultiLayerNetwork initialised(MultiLayerConfiguration configuration) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }

    private static void assertShape(NodeInfo info, long... shape) {
        assertArrayEquals(shape, ((TensorInfo) info.getInfo()).getShape(), info.getName());
    }

    private static IdxArray images(String name) throws IOException {
        try (InputStream in = OnnxExportTest.class.getResourceAsStream("/paramavg/mnist-sample/" + name)) {
            return IdxReader.readImages(name, in);
        }
    }

    private static IdxArray labels(String name) throws IOException {
        try (InputStream in = OnnxExportTest.class.getResourceAsStream("/paramavg/mnist-sample/" + name)) {
            return IdxReader.readLabels(name, in);
        }
    }
}
