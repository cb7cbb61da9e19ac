package io.paramavg.e2e;

import io.paramavg.worker.data.IdxReader;
import io.paramavg.worker.data.LabeledRecords;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded MNIST sample converted to the table formats, with every pixel already divided by
 * 255 as a float (so that with {@code data.normalize=none} a table holds exactly the inputs the IDX
 * run feeds the network).
 */
final class TableFixtures {
    private TableFixtures() {
    }

    static LabeledRecords embedded(String set) throws IOException {
        try (InputStream images = resource(set + "-images-idx3-ubyte.gz");
             InputStream labels = resource(set + "-labels-idx1-ubyte.gz")) {
            return LabeledRecords.pair("images", IdxReader.readImages("images", images), "labels",
                    IdxReader.readLabels("labels", labels), 10);
        }
    }

    private static InputStream resource(String name) {
        return TableFixtures.class.getResourceAsStream("/paramavg/mnist-sample/" + name);
    }

    static void csv(LabeledRecords data, Path file) throws IOException {
        csv(data, file, 0);
    }

    /** With {@code labelOffset} added to every label (1-based codes: 1). */
    static void csv(LabeledRecords data, Path file, int labelOffset) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("label");
            for (int f = 0; f < data.features(); f++) {
                out.write(",p" + f);
            }
            out.write('\n');
            for (int i = 0; i < data.count(); i++) {
                StringBuilder line = new StringBuilder().append(data.label(i) + labelOffset);
                for (int f = 0; f < data.features(); f++) {
                    line.append(',').append(text(data.feature(i, f)));
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    /** Grey levels 0..255 as they are (a table of bytes), label first, no header. */
    static void rawCsv(LabeledRecords data, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < data.count(); i++) {
                StringBuilder line = new StringBuilder().append(data.label(i));
                for (int f = 0; f < data.features(); f++) {
                    line.append(',').append(data.pixel(i, f));
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    static void libsvm(LabeledRecords data, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < data.count(); i++) {
                StringBuilder line = new StringBuilder().append(data.label(i));
                for (int f = 0; f < data.features(); f++) {
                    float v = data.feature(i, f);
                    if (v != 0) {
                        line.append(' ').append(f + 1).append(':').append(text(v));
                    }
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    /** A DataFrame of (label double, features ML vector): what a Spark user holds. */
    static Dataset<Row> frame(SparkSession spark, LabeledRecords data) {
        List<Row> rows = new ArrayList<>(data.count());
        for (int i = 0; i < data.count(); i++) {
            double[] features = new double[data.features()];
            for (int f = 0; f < features.length; f++) {
                features[f] = data.feature(i, f);
            }
            rows.add(RowFactory.create((double) data.label(i), Vectors.dense(features).compressed()));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("features", new VectorUDT(), false, Metadata.empty())});
        return spark.createDataFrame(rows, schema);
    }

    static void parquet(SparkSession spark, LabeledRecords data, Path folder) {
        frame(spark, data).coalesce(1).write().parquet(folder.toString());
    }

    private static String text(float v) {
        return v == 0 ? "0" : Float.toString(v);
    }

    /** A local[2] session as the tests share it: loopback only, no UI. */
    static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("paramavg-tables-test")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }
}
