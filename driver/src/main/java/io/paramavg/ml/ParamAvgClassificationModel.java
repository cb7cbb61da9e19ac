package io.paramavg.ml;

import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.TablePreprocessing;
import io.paramavg.driver.export.ModelExport;
import io.paramavg.driver.line.SparkLine;
import io.paramavg.driver.output.SavedModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import io.paramavg.driver.data.table.Labels;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import scala.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * A model fitted by {@link ParamAvgClassifier}, a {@code ProbabilisticClassificationModel} as MLlib's classifiers'
 * models are ({@code predict}, {@code predictRaw}, {@code predictProbability}, {@code numClasses},
 * {@code numFeatures}, {@code thresholds}; usable inside {@code OneVsRest} and with the {@code logLoss}
 * evaluator): paramavg's model.zip (the DL4J network, the
 * manifest with the label mapping, DL4J's normalizer entry) with the estimator's Params: the column
 * Params, and the training settings ({@link TrainingParams}) set to the values its fit used, so that
 * {@code getEpochs()} and the rest say how it was trained. A model saved before the settings were
 * saved with it, or wrapped by {@link #fromModelZip}, has them unset: {@code isSet} is false and
 * {@code getOrDefault} gives today's defaults, not its training's.
 * {@link #transform} scores on the executors, a batch of rows per forward pass, and appends
 * {@code prediction} (the class index, a double, which {@code probability} is indexed by, as MLlib's),
 * {@code probability} and {@code rawPrediction} (the log of each probability; ML vectors) and
 * {@code predictedLabel} (the original label of the predicted class: a double for numeric labels, else a string;
 * only where the labels are not the class indices themselves); as in MLlib, a column whose Param is empty is not
 * written. {@link #save} writes Spark ML's
 * metadata and {@code data/model.zip} under the path, on any Hadoop file system, so the model
 * also saves and loads inside a {@code PipelineModel}.
 */
public class ParamAvgClassificationModel extends ProbabilisticClassificationModel<Vector, ParamAvgClassificationModel>
        implements MLWritable, SettingParams.ParamsAccess, TrainingParams,
        ColumnParams<ParamAvgClassificationModel> {
    private static final long serialVersionUID = 1L;
    static final String ZIP = "data/model.zip";

    private final String uid;
    private final byte[] model;
    private final Param<?>[] all;
    private transient SavedModel loaded;

    ParamAvgClassificationModel(String uid, byte[] model) {
        this(StageUid.pending(uid), model, true);
    }

    /**
     * Runs once {@link StageUid#pending} holds the uid, so that the MLlib superclass's Params get it as their
     * parent; {@code uidPending} only tells this constructor apart from the public ones.
     */
    @SuppressWarnings("unused")
    private ParamAvgClassificationModel(String uid, byte[] model, boolean uidPending) {
        this.uid = uid;
        StageUid.constructed();
        this.model = model;
        all = SettingParams.ofStage(this).toArray(new Param<?>[0]);
    }

    /**
     * A model with no network, which cannot score. Spark Connect's ML finds stages on its server through
     * {@code java.util.ServiceLoader} ({@code META-INF/services/org.apache.spark.ml.Transformer}), which
     * refuses to list a class without a public no-argument constructor, and one unlistable class breaks
     * the lookup of every stage on that server. Models come from {@link ParamAvgClassifier#fit}, {@link #load}
     * or {@link #fromModelZip}.
     */
    public ParamAvgClassificationModel() {
        this(Identifiable$.MODULE$.randomUID("paramAvgClassificationModel"));
    }

    /** A model with no network and the given uid: the constructor Spark Connect's ML calls for a stage by name. */
    public ParamAvgClassificationModel(String uid) {
        this(uid, null);
    }

    /** A model from a paramavg model.zip written by {@code paramavg train} (any format it read). */
    public static ParamAvgClassificationModel fromModelZip(String location, org.apache.hadoop.conf.Configuration conf) {
        try {
            byte[] bytes = SavedModel.bytes(location, new io.paramavg.driver.data.HadoopConf(conf));
            return new ParamAvgClassificationModel(Identifiable$.MODULE$.randomUID("paramAvgClassificationModel"),
                    bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String uid() {
        return StageUid.of(uid);
    }

    @Override
    public Param<?>[] params() {
        return all.clone();
    }

    @Override
    public <T> void defaultTo(Param<T> param, T value) {
        setDefault(param, value);
    }

    @Override
    public <T> void setTo(Param<T> param, T value) {
        set(param, value);
    }

    /** The model.zip's bytes; fails, saying where models come from, for a model made with no network. */
    private byte[] zip() {
        if (model == null) {
            throw new IllegalStateException("ParamAvgClassificationModel " + uid + " has no network: it was made by "
                    + "its no-argument or uid constructor (which Spark Connect's ServiceLoader needs); get a model "
                    + "from ParamAvgClassifier.fit, ParamAvgClassificationModel.load or fromModelZip");
        }
        return model;
    }

    private synchronized SavedModel saved() {
        if (loaded == null) {
            try {
                loaded = SavedModel.fromBytes("model of " + uid, zip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /** The DL4J network (with its updater state). */
    public MultiLayerNetwork network() {
        return saved().network();
    }

    /** The number of classes: {@code prediction} is 0..numClasses-1. */
    @Override
    public int numClasses() {
        return (int) saved().classes();
    }

    /** The number of features the model takes. */
    @Override
    public int numFeatures() {
        return (int) saved().inputs();
    }

    /**
     * The log of each class probability for one row of raw features (scaled here as in training), on the driver:
     * what {@code predict} and {@code predictProbability} start from. {@link #transform} scores many rows at once
     * on the executors instead.
     */
    @Override
    public Vector predictRaw(Vector features) {
        if (features.size() != numFeatures()) {
            throw new IllegalArgumentException("features has " + features.size() + " values; the model takes "
                    + numFeatures());
        }
        double[] values = features.toArray();
        float[] x = new float[values.length];
        for (int f = 0; f < x.length; f++) {
            x[f] = (float) values[f];
        }
        float[] p;
        // DL4J's network is not safe for two threads at once (a UDF over predict may be one of several tasks).
        synchronized (this) {
            p = Scorer.probabilities(network(), saved().table(), x, 1, x.length);
        }
        double[] raw = new double[p.length];
        for (int c = 0; c < p.length; c++) {
            raw[c] = Math.log(p[c]);
        }
        return Vectors.dense(raw);
    }

    /**
     * MLlib's hook for its training summaries, which this model has none of. Declared here only because Java
     * sees the two Scala declarations it inherits (the classification model's and the probabilistic one's,
     * whose return types differ in a type argument) as a clash; it is theirs.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    /** The softmax of the raw prediction: the probabilities, which it is the log of. */
    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        if (!(rawPrediction instanceof DenseVector dense)) {
            throw new IllegalArgumentException("raw predictions are dense vectors, found " + rawPrediction);
        }
        double[] values = dense.values();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < values.length; c++) {
            values[c] = Math.exp(values[c] - max);
            sum += values[c];
        }
        for (int c = 0; c < values.length; c++) {
            values[c] /= sum;
        }
        return dense;
    }

    /** The original label of each class (its index as text when the labels were 0..K-1). */
    public List<String> labels() {
        TablePreprocessing table = saved().table();
        if (table == null) {
            String[] names = new String[numClasses()];
            Arrays.setAll(names, String::valueOf);
            return List.of(names);
        }
        return table.labels().names();
    }

    /** The model.zip, as {@code paramavg evaluate} and plain DL4J read it. */
    public byte[] modelZip() {
        return zip().clone();
    }

    /**
     * What this model holds in the driver's memory, for Spark Connect's model cache (Spark 4's
     * {@code Model.estimatedSize}, which by default walks the object graph, DL4J's off-heap network
     * included): the model.zip's bytes, and the network unpacked from them once it has scored, whose
     * parameters and updater state take about as much again.
     */
    public long estimatedSize() {
        return model == null ? 0L : 2L * model.length;
    }

    /**
     * The model as an ONNX file (what {@code paramavg export --format onnx} writes): a graph that
     * takes the features as this model's {@link #transform} does, raw, applies the training scaling
     * itself, and outputs {@code probabilities} and {@code class}; the labels and provenance are its
     * metadata. A model holding anything the export cannot translate exactly is refused
     * ({@link io.paramavg.worker.onnx.ExportRefusedException}, naming it).
     */
    public byte[] onnx() {
        return ModelExport.onnx(saved());
    }

    /** Writes {@link #onnx} to {@code path} (any Hadoop file system); an existing file is refused. */
    public void exportOnnx(String path) {
        exportOnnx(path, false);
    }

    /**
     * Writes {@link #onnx} to {@code path} on any Hadoop file system, with the active Spark session's
     * Hadoop configuration: whole, under a temporary name first, so a failure leaves no partial file
     * and never replaces a good one; an existing file is refused unless {@code overwrite}.
     */
    public void exportOnnx(String path, boolean overwrite) {
        Option<SparkSession> session = SparkSession.getActiveSession();
        Configuration conf = session.isDefined() ? session.get().sparkContext().hadoopConfiguration()
                : HadoopConf.fromSpark();
        try {
            ModelExport.write(saved(), ModelExport.FORMATS.get(0), path, overwrite, new HadoopConf(conf));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = transformSchema(dataset.schema());
        // Loading it here first refuses a hostile archive on the driver, before anything is shipped; the
        // executors get the archive rebuilt from its checked entries, never the file's own bytes.
        TablePreprocessing table = saved().table();
        // The model travels to the executors once, as a broadcast (Spark's cleaner drops it with the plan).
        Broadcast<byte[]> shipped = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
                .broadcast(SavedModel.checked("model of " + uid, zip()));
        Scorer.Outputs outputs = new Scorer.Outputs(!getPredictionCol().isEmpty(), !getProbabilityCol().isEmpty(),
                !getRawPredictionCol().isEmpty(), writesPredictedLabel() ? labelMapping() : null,
                isDefined(thresholds()) ? getThresholds() : null);
        Scorer scorer = new Scorer(shipped, table, dataset.schema().fieldIndex(getFeaturesCol()), numFeatures(),
                outputs);
        return dataset.toDF().mapPartitions((MapPartitionsFunction<Row, Row>) scorer::score, Encoders.row(schema));
    }

    /**
     * Whether {@code predictedLabelCol} is written: named, and either the labels are not the class indices
     * themselves or it was given a name of its own. Under its default name, where the labels are the indices,
     * the column would only repeat {@code prediction}, and a pipeline that indexed its labels with MLlib's
     * StringIndexer and ends with {@code IndexToString} to a column of that name would clash with it.
     */
    private boolean writesPredictedLabel() {
        String name = getPredictedLabelCol();
        return !name.isEmpty() && (!labelMapping().isIndex() || !name.equals(Columns.PREDICTED_LABEL));
    }

    /** The mapping of class indices to original labels (0..K-1 for a model trained on IDX files). */
    private Labels labelMapping() {
        TablePreprocessing table = saved().table();
        return table == null ? Labels.identity(numClasses()) : table.labels();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String features = getFeaturesCol();
        if (!Arrays.asList(schema.fieldNames()).contains(features)
                || !schema.apply(features).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("featuresCol '" + features + "' must be a column of ML Vectors; "
                    + "columns: " + schema.simpleString());
        }
        if (isDefined(thresholds()) && getThresholds().length != numClasses()) {
            throw new IllegalArgumentException("thresholds has " + getThresholds().length + " values; the model has "
                    + numClasses() + " classes");
        }
        DataType label = !writesPredictedLabel() ? null
                : labelMapping().isNumeric() ? DataTypes.DoubleType : DataTypes.StringType;
        return outputSchema(schema, getPredictionCol(), getProbabilityCol(), getRawPredictionCol(),
                getPredictedLabelCol(), label);
    }

    /**
     * {@code schema} with the output columns whose names are not empty, in the order {@link Scorer} writes them;
     * {@code labelType} is the predicted label's (null when it has no column). A name already taken is refused.
     */
    static StructType outputSchema(StructType schema, String prediction, String probability, String raw,
                                   String predictedLabel, DataType labelType) {
        StructType out = schema;
        out = add(out, prediction, DataTypes.DoubleType);
        out = add(out, probability, SQLDataTypes.VectorType());
        out = add(out, raw, SQLDataTypes.VectorType());
        return labelType == null ? out : add(out, predictedLabel, labelType);
    }

    private static StructType add(StructType schema, String name, DataType type) {
        if (name.isEmpty()) {
            return schema;
        }
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("output column '" + name + "' already exists");
        }
        return schema.add(name, type, false);
    }

    @Override
    public ParamAvgClassificationModel copy(ParamMap extra) {
        ParamAvgClassificationModel copy = new ParamAvgClassificationModel(uid, model);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<ParamAvgClassificationModel> read() {
        return new Reader();
    }

    public static ParamAvgClassificationModel load(String path) {
        return read().load(path);
    }

    /** Spark ML's metadata (class, uid, Params: the training settings and the columns) and the model.zip. */
    private static final class Writer extends MLWriter {
        private final ParamAvgClassificationModel instance;

        Writer(ParamAvgClassificationModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            SparkLine.saveMetadata(instance, path, sparkSession());
            Path zip = new Path(path, ZIP);
            try {
                FileSystem fs = zip.getFileSystem(sc().hadoopConfiguration());
                try (FSDataOutputStream out = fs.create(zip, true)) {
                    out.write(instance.zip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + zip + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class Reader extends MLReader<ParamAvgClassificationModel> {
        @Override
        public ParamAvgClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = SparkLine.loadMetadata(path, sparkSession(),
                    ParamAvgClassificationModel.class.getName());
            Path zip = new Path(path, ZIP);
            byte[] bytes;
            try (FSDataInputStream in = zip.getFileSystem(sc().hadoopConfiguration()).open(zip)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + zip + ": " + e.getMessage(), e);
            }
            ParamAvgClassificationModel model = new ParamAvgClassificationModel(metadata.uid(), bytes);
            // Sets what the metadata holds: an older save's columns alone leave the settings unset.
            metadata.getAndSetParams(model, Option.empty());
            AutoSettings.normalise(model);
            return model;
        }
    }
}
