package io.paramavg.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * This process as others see it: its pid and host. Executors name themselves with it in every
 * round's results, and the driver writes it into its run lock; a host name lookup can be slow,
 * so it is made once per JVM.
 */
public final class ThisJvm {
    /** The process id. */
    public static final long PID = ProcessHandle.current().pid();
    /** The local host name, or {@code unknown-host} if it cannot be resolved. */
    public static final String HOST = hostName();
    /** {@code pid@host}. */
    public static final String NAME = PID + "@" + HOST;

    private ThisJvm() {
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
