package io.paramavg.driver.line;

import org.apache.spark.BarrierTaskContext$;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.Timer;

/**
 * Works around SPARK-46895 (fixed only in Spark 4.0): Spark 3.5's {@code BarrierTaskContext} companion
 * object holds a {@code java.util.Timer} ("Barrier task timer for barrier() calls.") made as a
 * <em>non-daemon</em> thread when the first barrier task of a JVM starts. It never ends, so a user's
 * program that trains in local mode (where the tasks run in the driver's JVM), calls
 * {@code spark.stop()} and returns from {@code main} would never exit. Executors on a cluster exit with
 * {@code System.exit} and do not care.
 *
 * <p>paramavg's tasks never call {@code barrier()} (the coordinator is their barrier), but other code in
 * the JVM may: so the timer is not just cancelled but replaced, once per JVM, by a daemon timer of the
 * same name, and the old one cancelled, which ends its thread. Where the field is not found (another
 * Spark version) nothing is changed.
 */
final class BarrierTimer {
    private static final Logger LOG = LoggerFactory.getLogger(BarrierTimer.class);
    private static final String FIELD = "org$apache$spark$BarrierTaskContext$$timer";
    private static final String NAME = "Barrier task timer for barrier() calls.";
    private static boolean done;

    private BarrierTimer() {
    }

    /** Replaces the companion object's timer with a daemon one, the first time it is called in this JVM. */
    static synchronized void makeDaemon() {
        if (done) {
            return;
        }
        done = true;
        try {
            Object companion = BarrierTaskContext$.MODULE$;
            Field field = companion.getClass().getDeclaredField(FIELD);
            field.setAccessible(true);
            Timer old = (Timer) field.get(companion);
            field.set(companion, new Timer(NAME, true));
            old.cancel();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Spark's barrier task timer was left as it is ({}): a program in local mode may need "
                    + "System.exit to end", e.toString());
        }
    }
}
