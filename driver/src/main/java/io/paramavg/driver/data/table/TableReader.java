package io.paramavg.driver.data.table;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.worker.data.DataFormatException;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a CSV, LIBSVM or Parquet source (a file, a folder or a glob, on any Hadoop file system)
 * through Spark's own data sources, or takes a DataFrame, and says how to decode its rows. Nothing
 * is read here but a CSV source's first line (to tell a header from data); the rows are read by
 * the validation pass on the executors.
 */
public final class TableReader {
    static final String CORRUPT = "_corrupt_record";

    private TableReader() {
    }

    /** The source at {@code path} in {@code format} (CSV, LIBSVM or PARQUET). */
    public static TableInput read(SparkSession spark, String path, TableConfig.Format format, TableConfig config) {
        return read(spark, path, format, config, 0);
    }

    /**
     * The same for scoring with a model of {@code inputs} features ({@code > 0}): the label column
     * is then optional (a CSV of exactly {@code inputs} columns, a Parquet table without one).
     */
    public static TableInput read(SparkSession spark, String path, TableConfig.Format format, TableConfig config,
                                  int inputs) {
        return switch (format) {
            case CSV -> csv(spark, path, config, inputs);
            case LIBSVM -> libsvm(spark, path);
            case PARQUET -> columns(spark.read().parquet(path), path, config.labelColumn(), config.featuresColumn(),
                    inputs);
            default -> throw new IllegalArgumentException("not a table format: " + format);
        };
    }

    /** A DataFrame built in a user's job, with its label and features columns named. */
    public static TableInput frame(Dataset<Row> frame, String labelColumn, String featuresColumn) {
        return frame(frame, "the DataFrame", labelColumn, featuresColumn);
    }

    /** The same, named {@code name} in messages and digests (a second DataFrame of the same run). */
    public static TableInput frame(Dataset<Row> frame, String name, String labelColumn, String featuresColumn) {
        return columns(frame, name, labelColumn, featuresColumn, 0);
    }

    private static TableInput csv(SparkSession spark, String path, TableConfig config, int inputs) {
        Row[] first = (Row[]) spark.read().text(path).head(1);
        if (first.length == 0) {
            throw new DataFormatException(path, "records", "at least one record", "an empty file");
        }
        String[] cells = first[0].getString(0).split(",", -1);
        boolean header = Arrays.stream(cells).allMatch(cell -> Double.isNaN(CsvDecoder.parseOrNaN(cell.trim()))
                && !cell.trim().equalsIgnoreCase("nan"));
        String[] names = new String[cells.length];
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < cells.length; i++) {
            String name = header ? cells[i].trim().replace("\"", "") : "_c" + i;
            names[i] = seen.add(name) ? name : name + "_" + i;
            seen.add(names[i]);
        }
        if (inputs > 0 && config.labelColumn().isEmpty() && names.length != inputs && names.length != inputs + 1) {
            throw new DataFormatException(path, "line 1", inputs + " feature columns (what the model takes), or "
                    + "those and a label", names.length + " columns");
        }
        // Scoring a CSV of exactly the model's features: there is no label.
        int label = inputs > 0 && config.labelColumn().isEmpty() && names.length == inputs ? -1
                : labelIndex(path, names, config.labelColumn(), header);
        List<StructField> fields = new ArrayList<>();
        for (String name : names) {
            fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
        Dataset<Row> frame = spark.read().schema(DataTypes.createStructType(fields))
                .option("header", header)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .option("ignoreLeadingWhiteSpace", true)
                .option("ignoreTrailingWhiteSpace", true)
                .csv(path)
                .withColumn(RowWalker.FILE_COLUMN, functions.input_file_name());
        String labelName = label < 0 ? "(none)" : header ? "'" + names[label] + "'" : String.valueOf(label);
        return new TableInput(path, frame, new CsvDecoder(names, label, names.length, header), labelName, false);
    }

    private static int labelIndex(String path, String[] names, String configured, boolean header) {
        if (configured.isEmpty()) {
            int named = Arrays.asList(names).indexOf("label");
            return named >= 0 ? named : 0;
        }
        if (configured.matches("\\d+")) {
            int index = Integer.parseInt(configured);
            if (index >= names.length) {
                throw new ConfigException("data.label-column must be a column of " + path + " (0.." + (names.length - 1)
                        + "), found " + configured);
            }
            return index;
        }
        int named = Arrays.asList(names).indexOf(configured);
        if (named < 0) {
            throw new ConfigException("data.label-column must name a column of " + path + " ("
                    + (header ? String.join(", ", names) : "it has no header line: give the column's 0-based index")
                    + "), found '" + configured + "'");
        }
        return named;
    }

    private static TableInput libsvm(SparkSession spark, String path) {
        Dataset<Row> frame = spark.read().text(path).withColumn(RowWalker.FILE_COLUMN, functions.input_file_name());
        return new TableInput(path, frame, new LibsvmDecoder(), "label", true);
    }

    private static TableInput columns(Dataset<Row> source, String name, String labelColumn, String featuresColumn,
                                      int inputs) {
        StructType schema = source.schema();
        List<String> columns = Arrays.asList(schema.fieldNames());
        String label = labelColumn.isEmpty() ? "label" : labelColumn.matches("\\d+") && !columns.contains(labelColumn)
                ? columnAt(name, columns, Integer.parseInt(labelColumn)) : labelColumn;
        boolean noLabel = inputs > 0 && labelColumn.isEmpty() && !columns.contains(label);
        if (!noLabel && !columns.contains(label)) {
            throw new ConfigException("data.label-column must name a column of " + name + " (" + String.join(", ",
                    columns) + "), found '" + label + "'");
        }
        DataType labelType = noLabel ? DataTypes.DoubleType : schema.apply(label).dataType();
        boolean textLabel = labelType == DataTypes.StringType;
        if (!textLabel && !(labelType instanceof NumericType)) {
            throw new ConfigException("data.label-column " + label + " of " + name + " must be numeric or text, found "
                    + labelType.simpleString());
        }
        // input_file_name() is per-thread state that only a file scan sets: rows with no file behind them (a
        // DataFrame made in memory) would be named after whatever file that executor thread read last (seen on
        // Spark 4 in local mode, after another job read a CSV), so a frame that reads no file names none.
        Dataset<Row> frame = source.withColumn(RowWalker.FILE_COLUMN, source.inputFiles().length > 0
                ? functions.input_file_name() : functions.lit(""));
        int labelIndex = noLabel ? -1 : columns.indexOf(label);
        String features = featuresColumn.isEmpty() && columns.contains("features") ? "features" : featuresColumn;
        if (!features.isEmpty()) {
            if (!columns.contains(features)) {
                throw new ConfigException("data.features-column must name a column of " + name + " ("
                        + String.join(", ", columns) + "), found '" + features + "'");
            }
            DataType type = schema.apply(features).dataType();
            ColumnsDecoder.Kind kind;
            if (type.equals(SQLDataTypes.VectorType())) {
                kind = ColumnsDecoder.Kind.VECTOR;
            } else if (type instanceof ArrayType array && (array.elementType() == DataTypes.FloatType
                    || array.elementType() == DataTypes.DoubleType)) {
                kind = ColumnsDecoder.Kind.ARRAY;
            } else if (type instanceof NumericType) {
                kind = ColumnsDecoder.Kind.NUMERIC_COLUMNS;
            } else {
                throw new ConfigException("data.features-column " + features + " of " + name + " must be an ML Vector, "
                        + "an array of float or double, or a number, found " + type.simpleString());
            }
            return new TableInput(name, frame, new ColumnsDecoder(kind, new int[] {columns.indexOf(features)},
                    new String[] {features}, labelIndex, label, textLabel), "'" + label + "'", false);
        }
        List<String> numeric = Arrays.stream(schema.fields())
                .filter(f -> !f.name().equals(label) && f.dataType() instanceof NumericType)
                .map(StructField::name).collect(Collectors.toList());
        if (numeric.isEmpty()) {
            throw new ConfigException("data.features-column: " + name + " has no 'features' column and no numeric "
                    + "column besides the label; columns: " + String.join(", ", columns));
        }
        return new TableInput(name, frame, new ColumnsDecoder(ColumnsDecoder.Kind.NUMERIC_COLUMNS,
                numeric.stream().mapToInt(columns::indexOf).toArray(), numeric.toArray(new String[0]), labelIndex,
                label, textLabel), "'" + label + "'", false);
    }

    private static String columnAt(String name, List<String> columns, int index) {
        if (index >= columns.size()) {
            throw new ConfigException("data.label-column must be a column of " + name + " (0.." + (columns.size() - 1)
                    + "), found " + index);
        }
        return columns.get(index);
    }
}
