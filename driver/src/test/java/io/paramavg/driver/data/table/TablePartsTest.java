package io.paramavg.driver.data.table;

import io.paramavg.driver.output.ModelArchive;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.model.NetworkFactory;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces of the table path that need no Spark: labels, statistics, scaling, shard assignment. */
class TablePartsTest {
    private static Example row(double label, float... x) {
        return new Example(x, null, null, -1, label, Labels.format(label));
    }

    private static final Location AT = new Location("f.csv", "line", 3);

    @Test
    void identityLabelsRefuseNegativeFractionalAndUnknownClassesNamingTheRow() {
        Labels labels = Labels.identity(3);
        assertEquals(2, labels.classOf(row(2), AT, "'label'"));
        DataFormatException negative = assertThrows(DataFormatException.class,
                () -> labels.classOf(row(-1), AT, "'label'"));
        assertTrue(negative.getMessage().startsWith("f.csv: line 3, column 'label'"), negative.getMessage());
        assertThrows(DataFormatException.class, () -> labels.classOf(row(2.5), AT, "'label'"));
        assertThrows(DataFormatException.class, () -> labels.classOf(row(3), AT, "'label'"));
    }

    @Test
    void indexedLabelsMapSortedValuesAndRebuildFromTheManifest() {
        Labels numeric = Labels.indexed(new double[] {1, 5, 10});
        assertEquals(1, numeric.classOf(row(5), AT, "l"));
        assertEquals(List.of("1", "5", "10"), numeric.names());
        Labels rebuilt = Labels.of(numeric.kind(), numeric.names(), 3);
        assertEquals(10.0, rebuilt.value(2));
        Labels text = Labels.indexedText(new String[] {"cat", "dog"});
        assertEquals(1, text.classOf(new Example(new float[] {1}, null, null, -1, Double.NaN, "dog"), AT, "l"));
        assertThrows(DataFormatException.class, () -> text.classOf(new Example(new float[] {1}, null, null, -1,
                Double.NaN, "cow"), AT, "l"));
    }

    @Test
    void statisticsCountAbsentSparseFeaturesAsZeros() {
        FeatureStats stats = new FeatureStats();
        stats.add(row(0, 1, 4));
        FeatureStats other = new FeatureStats();
        other.add(new Example(null, new int[] {2}, new float[] {6}, -1, 1, "1"));
        stats.merge(other);
        float[][] meanStd = stats.meanAndStd(3);
        assertArrayEquals(new float[] {0.5f, 2f, 3f}, meanStd[0]);
        assertArrayEquals(new float[] {0.5f, 2f, 3f}, meanStd[1]);
        float[][] minMax = stats.minAndMax(3);
        assertArrayEquals(new float[] {0, 0, 0}, minMax[0]);
        assertArrayEquals(new float[] {1, 4, 6}, minMax[1]);
    }

    @Test
    void scalingIsDl4jsNormalizerAndSurvivesTheModelArchive() throws Exception {
        float[] mean = {1, 2};
        float[] std = {2, 0.5f};
        Scaling scaling = Scaling.standardize(mean, std);
        float[] scaled = scaling.apply(new float[] {3, 2, 1, 3}, 2, 2);
        assertArrayEquals(new float[] {1, 0, 0, 2}, scaled, 1e-6f);

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ModelArchive.write(NetworkFactory.build(io.paramavg.driver.config.RunConfig.from(io.paramavg.driver.config.Settings.defaults()).model(), 2, 2, 1), "{}", scaling.normalizer(), zip);
        DataNormalization restored = ModelSerializer.restoreNormalizerFromInputStream(
                new ByteArrayInputStream(zip.toByteArray()));
        assertTrue(restored instanceof NormalizerStandardize);
        INDArray x = Nd4j.create(new float[] {3, 2, 1, 3}, new long[] {2, 2}, 'c');
        restored.transform(x);
        assertArrayEquals(scaled, x.data().asFloat(), 1e-6f);
        assertArrayEquals(scaled, Scaling.of(restored).apply(new float[] {3, 2, 1, 3}, 2, 2), 1e-6f);

        Scaling minMax = Scaling.minMax(new float[] {0, -1}, new float[] {4, 1});
        assertTrue(minMax.normalizer() instanceof NormalizerMinMaxScaler);
        assertArrayEquals(new float[] {0.5f, 0.5f}, minMax.apply(new float[] {2, 0}, 1, 2), 1e-6f);
    }

    @Test
    void seededAssignmentBalancesShardsAndDependsOnTheSeed() {
        TableShards.Assignment a = new TableShards.Assignment(3, 100, 42, true);
        int[] sizes = new int[3];
        int[] first = new int[100];
        for (long i = 0; i < 100; i++) {
            first[(int) i] = a.getPartition(i);
            sizes[first[(int) i]]++;
        }
        assertTrue(sizes[0] >= 33 && sizes[0] <= 34 && sizes[1] >= 33 && sizes[1] <= 34 && sizes[2] >= 33,
                java.util.Arrays.toString(sizes));
        TableShards.Assignment b = new TableShards.Assignment(3, 100, 43, true);
        boolean differs = false;
        for (long i = 0; i < 100; i++) {
            differs |= b.getPartition(i) != first[(int) i];
        }
        assertTrue(differs, "another seed, another assignment");
        TableShards.Assignment contiguous = new TableShards.Assignment(4, 10, 0, false);
        assertEquals(0, contiguous.getPartition(0L));
        assertEquals(3, contiguous.getPartition(9L));
    }

    @Test
    void holdOutIsSeededAndNearItsFraction() {
        Split split = new Split(0.2, 42);
        int held = 0;
        for (long r = 0; r < 10_000; r++) {
            held += split.held(0, r) ? 1 : 0;
        }
        assertEquals(2000, held, 150);
        assertEquals(split.held(1, 17), new Split(0.2, 42).held(1, 17));
    }

    @Test
    void validationHoldOutIsSeededNearItsFractionOfTheTrainingRowsAndNeverMovesATestRow() {
        Split split = new Split(0.2, 42, 0.25);
        Split testOnly = new Split(0.2, 42);
        int[] sides = new int[Split.Side.values().length];
        boolean differs = false;
        for (int p = 0; p < 2; p++) {
            for (long r = 0; r < 10_000; r++) {
                Split.Side side = split.sideOf(p, r);
                sides[side.ordinal()]++;
                assertEquals(testOnly.held(p, r), side == Split.Side.HELD, "the test rows are the test split's alone");
                assertEquals(side, new Split(0.2, 42, 0.25).sideOf(p, r), "the same seed, the same side");
                differs |= (side == Split.Side.VALIDATION) != (new Split(0.2, 43, 0.25).sideOf(p, r)
                        == Split.Side.VALIDATION);
            }
        }
        int training = sides[Split.Side.TRAIN.ordinal()] + sides[Split.Side.VALIDATION.ordinal()];
        assertEquals(0.25 * training, sides[Split.Side.VALIDATION.ordinal()], 0.02 * training);
        assertEquals(0, sides[Split.Side.ALL.ordinal()], "every row is on one side");
        assertTrue(differs, "another seed, another sample");
    }

    @Test
    void libsvmLinesParseOneBasedAndRefuseZeroAndGarbage() {
        LibsvmDecoder decoder = new LibsvmDecoder();
        Example e = decoder.decode(org.apache.spark.sql.RowFactory.create("3 1:0.5 4:2 # comment"), AT);
        assertArrayEquals(new int[] {0, 3}, e.indices());
        assertEquals(4, e.featureCount());
        assertEquals(3.0, e.numericLabel());
        assertEquals(null, decoder.decode(org.apache.spark.sql.RowFactory.create("  # only a comment"), AT));
        assertThrows(DataFormatException.class, () -> decoder.decode(org.apache.spark.sql.RowFactory.create(
                "1 0:1"), AT));
        assertThrows(DataFormatException.class, () -> decoder.decode(org.apache.spark.sql.RowFactory.create(
                "1 2:1 2:3"), AT));
        assertThrows(DataFormatException.class, () -> decoder.decode(org.apache.spark.sql.RowFactory.create(
                "1 x:1"), AT));
    }

    @Test
    void byteBlocksCutTheSameMinibatchesAsFloatBlocks() {
        java.util.List<scala.Tuple2<Long, TableShards.Record>> records = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(1);
        for (long i = 0; i < 20; i++) {
            float[] x = new float[5];
            for (int f = 0; f < 5; f++) {
                x[f] = random.nextInt(256);
            }
            records.add(new scala.Tuple2<>(i, new TableShards.Record(x, (byte) (i % 3))));
        }
        float[][] meanStd = {{100, 50, 0, 255, 128}, {30, 0, 1, 10, 60}};
        for (Scaling scaling : List.of(Scaling.none(), Scaling.standardize(meanStd[0], meanStd[1]),
                Scaling.minMax(new float[] {0, 0, 0, 0, 0}, new float[] {255, 100, 1, 255, 0}))) {
            io.paramavg.worker.data.LabeledRecords bytes = TableShards.block(records.iterator(), 5, 3, scaling, true);
            io.paramavg.worker.data.LabeledRecords floats = TableShards.block(records.iterator(), 5, 3, scaling,
                    false);
            assertTrue(bytes.isBytes());
            int[] order = io.paramavg.worker.train.Minibatches.identity(20);
            assertArrayEquals(io.paramavg.worker.train.Minibatches.slice(floats, order, 3, 17).getFeatures().data()
                    .asFloat(), io.paramavg.worker.train.Minibatches.slice(bytes, order, 3, 17).getFeatures().data()
                    .asFloat(), scaling.kind().toString());
        }
    }
}
