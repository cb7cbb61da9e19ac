package io.paramavg.driver.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One real local-mode Spark context for a test class; start it in @BeforeAll, stop it in @AfterAll. */
public final class LocalSpark {
    private LocalSpark() {
    }

    /** A {@code local[2]} context with the UI off (tests run in parallel CI hosts; no ports needed). */
    public static JavaSparkContext start() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("paramavg-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        return new JavaSparkContext(conf);
    }
}
