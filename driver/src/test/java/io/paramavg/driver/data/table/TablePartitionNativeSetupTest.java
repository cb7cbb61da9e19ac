package io.paramavg.driver.data.table;

import io.paramavg.worker.nd4j.BlasKernel;
import io.paramavg.worker.nd4j.CachingShapeInfoProvider;
import io.paramavg.worker.testing.FreshJvm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A table partition is scaled with ND4J before any training task runs on an executor; its JVM still gets
 * the native set-up before ND4J loads (ND4J's backend discovery runs it), not ND4J's defaults.
 */
class TablePartitionNativeSetupTest {
    @Test
    void aJvmThatFirstBuildsATablePartitionHasTheNativeSetUpBeforeNd4jLoads() throws Exception {
        String said = FreshJvm.run(TablePartitionFirst.class, env -> {
            env.remove(BlasKernel.VARIABLE);
            env.remove(BlasKernel.LAUNCHER_MARK);
        });
        assertEquals("true", FreshJvm.value(said, "ran"), said);
        assertEquals(CachingShapeInfoProvider.class.getName(), FreshJvm.value(said, "provider"), said);
        assertEquals("0", FreshJvm.value(said, "physicalBytes"), said);
        if (BlasKernel.forFlags(BlasKernel.thisCpuFlags()) != null) {
            assertEquals("chosen from the CPU's flags", FreshJvm.value(said, "choice"), said);
        }
    }
}
