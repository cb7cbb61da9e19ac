package io.paramavg.worker.nd4j;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenMpPoolTest {

    @Test
    void anUnsetOrBlankVariableOnSeveralCoresIsReportedWithTheSettingThatFixesIt() {
        String said = OpenMpPool.warning(null, 8).orElseThrow();
        assertTrue(said.startsWith("OMP_NUM_THREADS is not set here, so OpenMP runs 8 threads"), said);
        assertTrue(said.endsWith("set spark.executorEnv.OMP_NUM_THREADS to spark.task.cpus where the platform "
                + "allows it"), said);
        assertTrue(OpenMpPool.warning(" ", 8).isPresent());
    }

    @Test
    void aSetVariableOrASingleCoreNeedsNoWord() {
        assertEquals(Optional.empty(), OpenMpPool.warning("1", 8));
        assertEquals(Optional.empty(), OpenMpPool.warning(null, 1));
    }
}
