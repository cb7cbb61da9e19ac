package io.paramavg.e2e;

import io.paramavg.ml.ParamAvgClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;

/**
 * A user's program as the Spark ML guide would have it: fit on local[2], stop Spark, return from
 * {@code main}, with no {@code System.exit}. Its JVM must then end by itself ({@link LocalExitEndToEndTest}).
 */
public final class LocalFitMain {
    /** Printed just before main returns, so that the test knows how far the program got. */
    static final String RETURNING = "LocalFitMain: spark stopped, returning from main";

    private LocalFitMain() {
    }

    public static void main(String[] args) throws IOException {
        SparkSession spark = TableFixtures.session();
        Dataset<Row> train = TableFixtures.frame(spark, TableFixtures.embedded("train"));
        new ParamAvgClassifier().setHiddenLayers(new int[] {16}).setEpochs(1).setShards(2).setSeed(3).fit(train);
        spark.stop();
        System.out.println(RETURNING);
    }
}
