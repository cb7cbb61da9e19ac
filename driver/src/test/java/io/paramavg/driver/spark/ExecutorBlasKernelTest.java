package io.paramavg.driver.spark;

import io.paramavg.worker.nd4j.BlasKernel;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Executor JVMs on the driver's host get OpenBLAS's kernel in their environment before they start;
 * executors on other hosts, whose CPUs may differ, and a user's setting are left alone.
 */
class ExecutorBlasKernelTest {
    private static final String KEY = "spark.executorEnv." + BlasKernel.VARIABLE;

    @Test
    void executorsOnThisHostStartWithThisMachinesKernel() {
        for (String master : new String[] {"local-cluster[2,1,1024]", "spark://127.0.0.1:7077", "spark://localhost"}) {
            SparkConf conf = new SparkConf(false);
            SparkContexts.pinBlasKernel(conf, master);
            Map<String, String> expected = BlasKernel.environmentForThisMachine();
            expected.forEach((name, value) -> assertEquals(value, conf.get("spark.executorEnv." + name, null), master));
            assertEquals(expected.isEmpty(), !conf.contains(KEY), master);
        }
    }

    @Test
    void executorsOnOtherHostsAndLocalModeAreLeftToChooseInProcess() {
        for (String master : new String[] {"spark://10.0.0.5:7077", "yarn", "k8s://https://api:6443", "local[2]"}) {
            SparkConf conf = new SparkConf(false);
            SparkContexts.pinBlasKernel(conf, master);
            assertFalse(conf.contains(KEY), master);
        }
    }

    @Test
    void aKernelTheUserSetForExecutorsPinsIt() {
        SparkConf conf = new SparkConf(false).set(KEY, "SandyBridge");
        SparkContexts.pinBlasKernel(conf, "local-cluster[2,1,1024]");
        assertEquals("SandyBridge", conf.get(KEY));
        assertFalse(conf.contains("spark.executorEnv." + BlasKernel.LAUNCHER_MARK));
    }
}
