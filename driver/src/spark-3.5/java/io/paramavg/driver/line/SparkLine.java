package io.paramavg.driver.line;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.sql.SparkSession;
import scala.Option;

import java.util.Optional;

/**
 * The Spark 3.5 line (Scala 2.12): Spark ML's metadata through its SparkContext overloads (3.5 has no
 * others), the DL4J Spark module and with it the {@code dl4j-spark} engine, and SPARK-46895's work-around
 * before each barrier task ({@link BarrierTimer}).
 */
public final class SparkLine {
    /** The line, as the application jar's name and the run's first line show it. */
    public static final String NAME = "spark3.5_2.12";

    private SparkLine() {
    }

    /** Empty: this build carries DL4J's Spark module. */
    public static Optional<String> dl4jSparkUnavailable() {
        return Optional.empty();
    }

    /** Writes a stage's Spark ML metadata ({@code metadata/} under {@code path}). */
    public static void saveMetadata(Params instance, String path, SparkSession session) {
        DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, session.sparkContext(), Option.empty(),
                Option.empty());
    }

    /** Reads what {@link #saveMetadata} wrote, checking it was written for {@code className}. */
    public static DefaultParamsReader.Metadata loadMetadata(String path, SparkSession session, String className) {
        return DefaultParamsReader$.MODULE$.loadMetadata(path, session.sparkContext(), className);
    }

    /** Makes Spark 3.5's barrier task timer a daemon thread, so that a local-mode program can end. */
    public static void beforeBarrierTask() {
        BarrierTimer.makeDaemon();
    }
}
