package io.paramavg.driver.engine;

import io.paramavg.driver.config.ConfigException;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The refusal (or, opted out of, the warning) a cluster run gets when Spark's own channel, which carries
 * paramavg's per-run secret, is unauthenticated, and the warning it gets when that channel is in clear. paramavg's own connections prove they know that secret, but it travels to the executors in the
 * stage's closure, through Spark's RPC: with Spark's authentication off, anyone who can reach the
 * driver's or an executor's Spark ports can join Spark's network, read that secret (and the model, which
 * also travels that way), and then pass paramavg's handshake; with authentication on but Spark's RPC
 * encryption off (Spark's default), the closure crosses the network in clear and anyone on the path
 * reads it. Only {@code local} and {@code local[...]} keep everything in one JVM; {@code local-cluster[...]}
 * runs separate executor processes and counts as a cluster.
 */
final class SparkAuthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SparkAuthCheck.class);

    private SparkAuthCheck() {
    }

    /** Whether {@code master} runs every task inside the driver's JVM. */
    static boolean inProcess(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /** The warning for {@code conf}, if any: a cluster master with Spark's RPC unauthenticated or in clear. */
    static Optional<String> warning(SparkConf conf) {
        String master = conf.get("spark.master", "local");
        if (inProcess(master)) {
            return Optional.empty();
        }
        if (!conf.getBoolean("spark.authenticate", false)) {
            return Optional.of("spark.authenticate is off on master " + master + ": Spark's own RPC, which carries "
                    + "the tasks, the model and paramavg's per-run secret to the executors, accepts anyone "
                    + "who can reach the driver or an executor, who could then read the model, join the parameter "
                    + "exchange and poison it. Set spark.authenticate=true (on YARN and Kubernetes Spark makes the "
                    + "secret; on a standalone cluster also set spark.authenticate.secret on the driver and every "
                    + "worker) and spark.network.crypto.enabled=true; see docs/security.md");
        }
        if (!conf.getBoolean("spark.network.crypto.enabled", false)) {
            return Optional.of("spark.network.crypto.enabled is off on master " + master + ": Spark's RPC is "
                    + "authenticated but not encrypted, so the tasks, the model and paramavg's per-run secret cross "
                    + "the network in clear, and anyone who can read that traffic can join the parameter exchange. "
                    + "Set spark.network.crypto.enabled=true; see docs/security.md");
        }
        return Optional.empty();
    }

    /**
     * Refuses a cluster run whose Spark RPC is unauthenticated unless {@code allowOpen}
     * ({@code train.allow-unauthenticated-spark}); otherwise logs {@link #warning} once, if there is one.
     */
    static void check(SparkConf conf, boolean allowOpen) {
        Optional<String> warning = warning(conf);
        if (warning.isPresent() && !allowOpen && !conf.getBoolean("spark.authenticate", false)) {
            throw new ConfigException(warning.get() + ". paramavg refuses to start such a run; on a network nobody "
                    + "else can reach, --set train.allow-unauthenticated-spark=true starts it with this warning");
        }
        warning.ifPresent(LOG::warn);
    }
}
