package io.paramavg.ml;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.driver.data.DataSource;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.TablePreprocessing;
import io.paramavg.driver.data.table.Labels;
import io.paramavg.driver.data.table.ScoringRows;
import io.paramavg.driver.data.table.TableData;
import io.paramavg.driver.data.table.TableInput;
import io.paramavg.driver.data.table.TableReader;
import io.paramavg.driver.data.table.TableScan;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.driver.spark.SparkContexts;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code paramavg predict} on a table: reads any supported source, scores it on the executors with
 * {@link ParamAvgClassificationModel#transform} (the Spark ML API's own path) and writes Parquet, or
 * CSV when {@code out} ends in {@code .csv} (a folder of part files either way, as Spark writes):
 * the rows' own id columns and label where present, where each row came from, the prediction
 * (the class index, as the Spark ML model's), the predicted label (the original label of that class, as
 * text), and the class probabilities ({@code probability} as an ML vector in
 * Parquet; {@code p_<label>} columns in CSV).
 */
public final class BatchPrediction {
    private BatchPrediction() {
    }

    /** What was written. */
    public record Result(long rows, String out, boolean csv) {
    }

    public static Result run(String modelLocation, String data, TableConfig tables, String out, boolean overwrite,
                             String master, HadoopConf conf) throws IOException {
        if (!(DataSource.at(data, tables.format(), conf) instanceof DataSource.Table source)) {
            throw new ConfigException("--data " + data + " is IDX: score IDX images with --images FILE");
        }
        RunOutput.refuseExistingFile(out, overwrite, conf);
        SavedModel saved = SavedModel.load(modelLocation, conf);
        ParamAvgClassificationModel model = ParamAvgClassificationModel.fromModelZip(modelLocation, conf.get());
        Path outPath = new Path(out);
        FileSystem fs = outPath.getFileSystem(conf.get());
        boolean existed = fs.exists(outPath);
        boolean csv = out.toLowerCase(Locale.ROOT).endsWith(".csv");
        try (SparkContexts.Handle spark = SparkContexts.start(master)) {
            SparkSession session = TableData.session(spark.context());
            TableInput input = TableReader.read(session, source.path(), source.format(), tables,
                    model.numFeatures());
            // predicted_label is always text here (CSV and Parquet alike), so the model's typed column is not asked for.
            model.setPredictedLabelCol("");
            Dataset<Row> scored = model.transform(ScoringRows.of(input, model.numFeatures()))
                    .drop(ScoringRows.FEATURES, "rawPrediction");
            List<String> names = model.labels();
            TablePreprocessing table = saved.table();
            Labels labels = table == null ? Labels.identity(names.size()) : table.labels();
            UDF1<Double, String> name = index -> labels.name((int) Math.round(index));
            scored = scored.withColumn("predicted_label", functions.udf(name, DataTypes.StringType)
                    .apply(functions.col("prediction")));
            if (csv) {
                Column array = org.apache.spark.ml.functions.vector_to_array(functions.col("probability"), "float32");
                for (int c = 0; c < names.size(); c++) {
                    scored = scored.withColumn("p_" + names.get(c), array.getItem(c));
                }
                scored = scored.drop("probability");
            }
            var writer = scored.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
            if (csv) {
                writer.option("header", true).csv(out);
            } else {
                writer.parquet(out);
            }
            Dataset<Row> written = csv ? session.read().option("header", true).csv(out) : session.read().parquet(out);
            return new Result(written.count(), out, csv);
        } catch (RuntimeException e) {
            // A row that fails mid-write leaves Spark's partial output: a failed run leaves nothing.
            if (!existed && fs.exists(outPath)) {
                fs.delete(outPath, true);
            }
            throw TableScan.unwrap(e);
        }
    }
}
