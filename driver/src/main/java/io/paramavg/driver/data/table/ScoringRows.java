package io.paramavg.driver.data.table;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A source's rows made ready for a model, decoded on the executors: the row's own columns (a
 * Parquet table's ids; none for CSV and LIBSVM, whose columns are all features), its original
 * {@code label} where it has one, where it came from ({@code source_file}, {@code source_line} or
 * {@code source_row}) and a {@code features} vector of exactly the model's inputs. A malformed row
 * is a data error naming its file and line, as in training.
 */
public final class ScoringRows {
    public static final String FEATURES = "features";

    private ScoringRows() {
    }

    public static Dataset<Row> of(TableInput input, int inputs) {
        StructType source = input.frame().schema();
        RowDecoder decoder = input.decoder();
        int fileColumn = input.fileColumn();
        int[] used = decoder.usedColumns();
        List<Integer> kept = new ArrayList<>();
        List<StructField> fields = new ArrayList<>();
        if (used != null) {
            for (int c = 0; c < source.size(); c++) {
                int column = c;
                if (c != fileColumn && Arrays.stream(used).noneMatch(u -> u == column)) {
                    kept.add(c);
                    fields.add(source.fields()[c]);
                }
            }
        }
        boolean label = decoder.hasLabel();
        if (label) {
            fields.add(DataTypes.createStructField("label", DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField("source_file", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("source_" + decoder.unit(), DataTypes.LongType, false));
        fields.add(DataTypes.createStructField(FEATURES, SQLDataTypes.VectorType(), false));
        StructType schema = DataTypes.createStructType(fields);
        int[] keep = kept.stream().mapToInt(Integer::intValue).toArray();
        boolean sparse = input.sparse();
        return input.frame().mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) rows -> {
            List<Row> out = new ArrayList<>();
            RowWalker.walkRows(rows, decoder, fileColumn, "the DataFrame", (row, example, at, rowInPartition) -> {
                int count = example.featureCount();
                if (sparse ? count > inputs : count != inputs) {
                    throw new io.paramavg.worker.data.DataFormatException(at.file(), at.field(null), inputs
                            + " features (what the model takes)", String.valueOf(count));
                }
                Object[] values = new Object[keep.length + (label ? 4 : 3)];
                int v = 0;
                for (int c : keep) {
                    values[v++] = row.get(c);
                }
                if (label) {
                    values[v++] = example.textLabel();
                }
                values[v++] = at.file();
                values[v++] = at.n();
                float[] x = example.toDense(inputs);
                double[] d = new double[x.length];
                for (int f = 0; f < x.length; f++) {
                    d[f] = x[f];
                }
                values[v] = Vectors.dense(d).compressed();
                out.add(RowFactory.create(values));
            });
            return out.iterator();
        }, Encoders.row(schema));
    }
}
