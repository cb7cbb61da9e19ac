package io.paramavg.driver.engine;

import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The one warning a cluster run without {@code spark.authenticate} gets. paramavg's own connections prove
 * they know a per-run secret, but the secret travels to the executors in the stage's closure, through
 * Spark's RPC: with Spark's authentication off, anyone who can reach the driver's or an executor's Spark
 * ports can join Spark's network, read that secret (and the model, which also travels that way), and
 * then pass paramavg's handshake. In local mode everything is one JVM and nothing travels.
 */
final class SparkAuthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SparkAuthCheck.class);

    private SparkAuthCheck() {
    }

    /** The warning for {@code conf}, if it deserves one: a non-local master with spark.authenticate off. */
    static Optional<String> warning(SparkConf conf) {
        String master = conf.get("spark.master", "local");
        if (master.startsWith("local") || conf.getBoolean("spark.authenticate", false)) {
            return Optional.empty();
        }
        return Optional.of("spark.authenticate is off on master " + master + ": Spark's own RPC, which carries the "
                + "tasks, the model and paramavg's per-run secret to the executors, accepts anyone "
                + "who can reach the driver or an executor, who could then read the model, join the parameter "
                + "exchange and poison it. Set spark.authenticate=true (on YARN and Kubernetes Spark makes the "
                + "secret; on a standalone cluster also set spark.authenticate.secret on the driver and every "
                + "worker) and spark.network.crypto.enabled=true; see docs/security.md");
    }

    /** Logs {@link #warning} once per run, if there is one. */
    static void warnIfOpen(SparkConf conf) {
        warning(conf).ifPresent(LOG::warn);
    }
}
