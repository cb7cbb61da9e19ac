package io.paramavg.driver.engine;

import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.HadoopConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The engines of the Spark 3.5 line: paramavg's and the DL4J Spark module's. */
public final class TrainingEngines {
    private TrainingEngines() {
    }

    /** The engine {@code kind} names, training on {@code sc}. */
    public static TrainingEngine create(TrainingConfig.Engine kind, JavaSparkContext sc, HadoopConf hadoopConf) {
        return switch (kind) {
            case PARAMAVG -> new ParamAvgEngine(sc);
            case DL4J_SPARK -> new Dl4jSparkEngine(sc, hadoopConf);
        };
    }
}
