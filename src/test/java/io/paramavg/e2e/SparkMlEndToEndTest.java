package io.paramavg.e2e;

import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.driver.service.EvaluationService;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.ml.ParamAvgClassificationModel;
import io.paramavg.ml.ParamAvgClassifier;
import io.paramavg.worker.data.LabeledRecords;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark ML API on the embedded sample in local[2]: fit, transform, MLlib's evaluator agreeing
 * with paramavg's evaluate, save and load of the model and of a PipelineModel, a
 * TrainValidationSplit, and executor-side prediction equal to the driver's. One context for all.
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SparkMlEndToEndTest {
    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static Dataset<Row> train;
    private static Dataset<Row> test;
    private static ParamAvgClassificationModel model;

    private static ParamAvgClassifier small() {
        return new ParamAvgClassifier().setHiddenLayers(new int[] {32}).setEpochs(2).setShards(2).setSeed(7);
    }

    @BeforeAll
    static void fit() throws IOException {
        spark = TableFixtures.session();
        LabeledRecords trainImages = TableFixtures.embedded("train");
        LabeledRecords testImages = TableFixtures.embedded("test");
        train = TableFixtures.frame(spark, trainImages).cache();
        test = TableFixtures.frame(spark, testImages).cache();
        test.write().parquet(dir.resolve("test.parquet").toString());
        model = small().setOutputDir(dir.resolve("fit").toString()).fit(train);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static double accuracy(Dataset<Row> predictions) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
    }

    private static double[] predictions(Dataset<Row> scored) {
        return scored.select("prediction").collectAsList().stream().mapToDouble(r -> r.getDouble(0)).toArray();
    }

    @Test
    void transformAddsMllibColumnsAndMllibsAccuracyIsEvaluates() throws IOException {
        Dataset<Row> scored = model.transform(test);
        assertTrue(List.of(scored.columns()).containsAll(List.of("prediction", "probability", "rawPrediction")));
        Row first = scored.first();
        Vector probability = first.getAs("probability");
        assertEquals(10, probability.size());
        assertEquals(1.0, java.util.Arrays.stream(probability.toArray()).sum(), 1e-4);
        double mllib = accuracy(scored);

        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        SavedModel saved = SavedModel.load(dir.resolve("fit/model.zip").toString(), conf);
        TableConfig tables = new TableConfig(TableConfig.Format.PARQUET, "", "", "", 0, false,
                TableConfig.Normalize.STANDARDIZE, 0);
        double evaluate = new EvaluationService(conf).evaluate(saved, DataConfig.folder(
                dir.resolve("test.parquet").toString(), 0), tables, 0, null, 2).accuracy();
        System.out.printf("MulticlassClassificationEvaluator accuracy %.4f, paramavg evaluate %.4f%n", mllib, evaluate);
        assertEquals(evaluate, mllib, 1e-12);
        assertTrue(mllib > 0.8, "accuracy " + mllib);
    }

    @Test
    void executorPredictionEqualsDriverPrediction() throws IOException {
        List<Row> scored = model.transform(test).select("features", "probability").collectAsList();
        DataNormalization normalizer = ModelSerializer.restoreNormalizerFromInputStream(
                new ByteArrayInputStream(model.modelZip()));
        int n = scored.size();
        int features = model.numFeatures();
        float[] x = new float[n * features];
        for (int r = 0; r < n; r++) {
            double[] v = ((Vector) scored.get(r).get(0)).toArray();
            for (int f = 0; f < features; f++) {
                x[r * features + f] = (float) v[f];
            }
        }
        INDArray input = Nd4j.create(x, new long[] {n, features}, 'c');
        normalizer.transform(input);
        INDArray driver = model.network().output(input, false);
        // The executors score their partitions' rows in other batch sizes than this one batch, and OpenBLAS
        // blocks a product by its shape, so the last float bits differ (1.2e-6 measured on one row's 0.547);
        // a wrong model or scaling would be off by orders of magnitude more.
        for (int r = 0; r < n; r++) {
            double[] executor = ((Vector) scored.get(r).get(1)).toArray();
            for (int c = 0; c < executor.length; c++) {
                assertEquals(driver.getDouble(r, c), executor[c], 1e-5, "row " + r + " class " + c);
            }
        }
    }

    @Test
    void savedAndLoadedModelPredictsTheSame() throws IOException {
        String path = dir.resolve("saved-model").toString();
        model.write().overwrite().save(path);
        ParamAvgClassificationModel loaded = ParamAvgClassificationModel.load(path);
        assertArrayEquals(predictions(model.transform(test)), predictions(loaded.transform(test)));
        assertEquals(model.uid(), loaded.uid());
    }

    @Test
    void pipelineModelAfterStandardScalerSavesAndLoads() throws IOException {
        Dataset<Row> subset = train.limit(2000);
        StandardScaler scaler = new StandardScaler().setInputCol("features").setOutputCol("scaled");
        ParamAvgClassifier classifier = small().setFeaturesCol("scaled").setNormalize("none");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {scaler, classifier});
        pipeline.write().overwrite().save(dir.resolve("pipeline").toString());
        Pipeline reloadedPipeline = Pipeline.load(dir.resolve("pipeline").toString());
        assertEquals(2, reloadedPipeline.getStages().length);
        PipelineModel fitted = pipeline.fit(subset);
        String path = dir.resolve("pipeline-model").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertArrayEquals(predictions(fitted.transform(test)), predictions(loaded.transform(test)));
    }

    @Test
    void trainValidationSplitOverTwoLearningRates() {
        Dataset<Row> subset = train.limit(2000);
        ParamAvgClassifier classifier = small().setEpochs(1);
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.learningRate(), new double[] {0.0001, 0.01})
                .build();
        TrainValidationSplitModel tuned = new TrainValidationSplit().setEstimator(classifier)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setEstimatorParamMaps(grid).setTrainRatio(0.8).setSeed(3).fit(subset);
        double[] metrics = tuned.validationMetrics();
        System.out.printf("TrainValidationSplit accuracies: lr 0.0001 %.4f, lr 0.01 %.4f%n", metrics[0], metrics[1]);
        assertEquals(2, metrics.length);
        assertTrue(metrics[1] > metrics[0], "a learning rate 100x larger learns more in one epoch");
        assertTrue(tuned.bestModel() instanceof ParamAvgClassificationModel);
        assertTrue(accuracy(tuned.transform(test)) > 0.5);
    }

    @Test
    void crossValidatorFitsEachFoldThroughTheEstimator() {
        Dataset<Row> subset = train.limit(1000);
        ParamAvgClassifier classifier = small().setEpochs(1).setLearningRate(0.01);
        ParamMap[] grid = new ParamGridBuilder().baseOn(classifier.hiddenLayers().w(new int[] {16})).build();
        org.apache.spark.ml.tuning.CrossValidatorModel validated = new org.apache.spark.ml.tuning.CrossValidator()
                .setEstimator(classifier).setEvaluator(new MulticlassClassificationEvaluator()
                        .setMetricName("accuracy")).setEstimatorParamMaps(grid).setNumFolds(2).setSeed(5)
                .fit(subset);
        assertEquals(1, validated.avgMetrics().length);
        assertTrue(validated.avgMetrics()[0] > 0.5, "cross-validated accuracy " + validated.avgMetrics()[0]);
        assertEquals(16, ((ParamAvgClassificationModel) validated.bestModel()).network().layerSize(0));
    }
}
