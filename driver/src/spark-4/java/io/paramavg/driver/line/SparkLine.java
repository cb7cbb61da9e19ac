package io.paramavg.driver.line;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;

/**
 * The Spark 4 line (Scala 2.13): Spark ML's metadata through its SparkSession overloads (the
 * SparkContext ones are deprecated in Spark 4), no DL4J Spark module (published for Scala 2.12 only),
 * and nothing to do before a barrier task (SPARK-46895's non-daemon timer is fixed in Spark 4.0).
 */
public final class SparkLine {
    /** The line, as the application jar's name and the run's first line show it. */
    public static final String NAME = "spark4_2.13";

    private SparkLine() {
    }

    /**
     * Why the {@code dl4j-spark} engine cannot run in this build, or empty where it can: DL4J's Spark
     * module exists only for Scala 2.12, so only the Spark 3.5 line carries it.
     */
    public static Optional<String> dl4jSparkUnavailable() {
        return Optional.of("train.engine=dl4j-spark needs the Spark 3.5 (Scala 2.12) build of paramavg: DL4J's Spark "
                + "module is published for Scala 2.12 only, and this is the Spark 4 (Scala 2.13) build. Build it with "
                + "./mvnw -Pspark-3.5 package and run driver/target/paramavg-driver-<version>-spark3.5_2.12.jar on a "
                + "Spark 3.5 cluster, or use train.engine=paramavg");
    }

    /** Writes a stage's Spark ML metadata ({@code metadata/} under {@code path}). */
    public static void saveMetadata(Params instance, String path, SparkSession session) {
        DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, session);
    }

    /** Reads what {@link #saveMetadata} wrote, checking it was written for {@code className}. */
    public static DefaultParamsReader.Metadata loadMetadata(String path, SparkSession session, String className) {
        return DefaultParamsReader$.MODULE$.loadMetadata(path, session, className);
    }

    /** Nothing on Spark 4: its barrier task timer is a daemon thread already. */
    public static void beforeBarrierTask() {
    }
}
