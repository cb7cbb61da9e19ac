package io.paramavg.driver.config;

import io.paramavg.driver.engine.TrainingEngines;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark 4 line has no DL4J Spark module: asking for its engine is refused, naming the build that has it. */
class Dl4jSparkOnSpark4Test {

    @Test
    void theDl4jSparkEngineIsRefusedBeforeSparkStartsNamingTheSpark35Build() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> RunConfig.from(Settings.defaults().withAssignment("train.engine=dl4j-spark")));
        assertTrue(refused.getMessage().startsWith("train.engine=dl4j-spark needs the Spark 3.5 (Scala 2.12) build"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("./mvnw -Pspark-3.5 package"), refused.getMessage());
        assertTrue(refused.getMessage().contains("spark3.5_2.12.jar"), refused.getMessage());
    }

    @Test
    void theEngineSelectorRefusesItTooForAConfigurationMadeAnotherWay() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> TrainingEngines.create(TrainingConfig.Engine.DL4J_SPARK, null, null));
        assertTrue(refused.getMessage().contains("Spark 3.5 (Scala 2.12) build"), refused.getMessage());
    }
}
