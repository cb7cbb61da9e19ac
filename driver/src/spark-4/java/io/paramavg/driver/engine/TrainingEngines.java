package io.paramavg.driver.engine;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.line.SparkLine;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The engines of the Spark 4 line: paramavg's only, since DL4J's Spark module exists for Scala 2.12 alone
 * (configuration validation refuses {@code dl4j-spark} before Spark starts; this refuses it for callers
 * that built a configuration some other way).
 */
public final class TrainingEngines {
    private TrainingEngines() {
    }

    /** The engine {@code kind} names, training on {@code sc}. */
    public static TrainingEngine create(TrainingConfig.Engine kind, JavaSparkContext sc, HadoopConf hadoopConf) {
        return switch (kind) {
            case PARAMAVG -> new ParamAvgEngine(sc);
            case DL4J_SPARK -> throw new ConfigException(SparkLine.dl4jSparkUnavailable().orElseThrow());
        };
    }
}
