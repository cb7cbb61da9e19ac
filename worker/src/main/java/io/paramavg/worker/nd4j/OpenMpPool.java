package io.paramavg.worker.nd4j;

import java.util.Optional;

/**
 * Whether this JVM's OpenMP pool was sized for one-thread tasks. OpenMP sizes its pool from
 * {@code OMP_NUM_THREADS} when ND4J's library loads, one thread per core when it is unset, and a JVM
 * cannot set its own environment: on executors paramavg sets it through
 * {@code spark.executorEnv.OMP_NUM_THREADS} (and the launcher for local runs). Managed platforms may
 * forbid that setting (Databricks' standard access mode refuses {@code spark.executorEnv.*}), and a
 * session paramavg joins keeps its own settings. Training is still correct without it, only slower (an
 * idle second pool thread slowed a one-thread fit about 3x on this project's machines), so the executor
 * says so in the line it reports once per run rather than failing.
 */
public final class OpenMpPool {
    static final String VARIABLE = "OMP_NUM_THREADS";

    private OpenMpPool() {
    }

    /** Empty when the pool is sized for the tasks; else one sentence saying what is wrong and how to fix it. */
    public static Optional<String> warning() {
        return warning(System.getenv(VARIABLE), Runtime.getRuntime().availableProcessors());
    }

    static Optional<String> warning(String value, int cores) {
        if (cores <= 1 || (value != null && !value.isBlank())) {
            return Optional.empty();
        }
        return Optional.of(VARIABLE + " is not set here, so OpenMP runs " + cores + " threads per ND4J call beside "
                + "tasks sized for fewer: training is correct but can be several times slower; set "
                + "spark.executorEnv." + VARIABLE + " to spark.task.cpus where the platform allows it");
    }
}
