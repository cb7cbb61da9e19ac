package io.paramavg.driver.engine;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses may reach the coordinator: the executors' hosts, this machine, and no one else. */
class RunHostsTest {
    private static final InetAddress EXECUTOR = address("192.0.2.10");
    private static final InetAddress STRANGER = address("198.51.100.7");
    private static final InetAddress REPLACEMENT = address("192.0.2.11");

    @Test
    void theExecutorsHostsAndThisMachineAreAdmittedAndNoOneElse() {
        RunHosts hosts = new RunHosts(() -> Set.of("192.0.2.10"), () -> 0);
        assertTrue(hosts.test(EXECUTOR));
        assertTrue(hosts.test(InetAddress.getLoopbackAddress()), "local mode's tasks and an executor beside the driver");
        assertFalse(hosts.test(STRANGER));
    }

    @Test
    void anExecutorAddedLaterIsAdmittedAfterAtMostOneRefreshIntervalAndAStrangerCostsOneLookupAnInterval() {
        Set<String> executors = new HashSet<>(Set.of("192.0.2.10"));
        AtomicInteger lookups = new AtomicInteger();
        AtomicLong now = new AtomicLong(0);
        RunHosts hosts = new RunHosts(() -> {
            lookups.incrementAndGet();
            return Set.copyOf(executors);
        }, now::get);
        executors.add("192.0.2.11"); // Spark replaced a lost executor on another host
        for (int i = 0; i < 1_000; i++) {
            assertFalse(hosts.test(STRANGER));
        }
        assertEquals(1, lookups.get(), "a flood within one interval reads Spark's executors once: at the start");
        now.set(RunHosts.REFRESH_MILLIS);
        assertTrue(hosts.test(REPLACEMENT));
        assertEquals(2, lookups.get());
        assertFalse(hosts.test(STRANGER), "and within the next interval no lookup more");
        assertEquals(2, lookups.get());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
