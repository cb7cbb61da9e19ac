package io.paramavg.worker.link;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Logs refused connections without letting a stranger flood the log (or make it the means of a denial of
 * service): the first refusal of an address gets a line naming it and why, later ones are counted, and
 * while refusals go on one line per {@link #SUMMARY_SECONDS} gives the counts, with evictions from full
 * handshake slots ({@link Reason#SLOTS_FULL}) counted apart. The record of addresses already named is
 * bounded ({@link #TRACKED}, least recently refused forgotten first): a stranger spoofing many addresses
 * costs at most a repeated line, never memory.
 */
public final class RefusedPeers {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedPeers.class);
    /** Addresses remembered as already named. */
    static final int TRACKED = 1024;
    /** Seconds between the lines that count refusals while they go on. */
    static final long SUMMARY_SECONDS = 60;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "paramavg-refused-peers");
        thread.setDaemon(true);
        return thread;
    });

    /** Why a connection was closed. */
    public enum Reason {
        /** It did not pass its handshake (or not in time). */
        HANDSHAKE("did not pass the handshake"),
        /** It was the oldest unauthenticated connection when the handshake slots were full. */
        SLOTS_FULL("evicted: the handshake slots were full and it was the oldest connection not yet authenticated"),
        /** It came from a host that runs none of the run's executors (closed before a byte was read). */
        NOT_A_RUN_HOST("closed before reading a byte: the address is not one of the run's executors or its driver");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private static final Object LOCK = new Object();
    /** Addresses already named, least recently refused first; guarded by {@link #LOCK}. */
    private static final Map<String, Boolean> NAMED = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > TRACKED;
        }
    };
    private static long refused;
    private static long evicted;
    private static long newAddresses;
    private static boolean summaryDue;

    private RefusedPeers() {
    }

    /**
     * Notes that {@code socket}'s peer was refused by {@code who} for {@code why}; logs it if its address
     * was not named before, and returns whether it did.
     */
    public static boolean refused(String who, Socket socket, Exception why) {
        return record(who, address(socket), why.getMessage(), false);
    }

    /** The same, for a connection closed for {@code reason}. */
    public static boolean refused(String who, Socket socket, Reason reason) {
        return record(who, address(socket), reason.text, reason == Reason.SLOTS_FULL);
    }

    /** An accept that failed (out of file descriptors, say): logged every time, as it is not a stranger's doing. */
    static void acceptFailed(String who, Exception why) {
        LOG.warn("{} could not accept a connection, and goes on accepting: {}", who, why.toString());
    }

    static boolean record(String who, String address, String why, boolean slotsFull) {
        boolean first;
        synchronized (LOCK) {
            refused++;
            if (slotsFull) {
                evicted++;
            }
            first = NAMED.put(address, Boolean.TRUE) == null;
            if (first) {
                newAddresses++;
            }
            if (!summaryDue) {
                summaryDue = true;
                TIMER.schedule(() -> summarise(who), SUMMARY_SECONDS, TimeUnit.SECONDS);
            }
        }
        if (first) {
            LOG.warn("{} refused a connection from {}: {} (further refusals of this address are counted, not "
                    + "logged one by one)", who, address, why);
        }
        return first;
    }

    /** Logs the counts since the last summary, if any, and starts counting again. */
    static void summarise(String who) {
        long n;
        long e;
        long a;
        synchronized (LOCK) {
            n = refused;
            e = evicted;
            a = newAddresses;
            refused = 0;
            evicted = 0;
            newAddresses = 0;
            summaryDue = false;
        }
        if (n > 0) {
            LOG.warn("paramavg's listeners in this process (the first: {}) refused {} connections in the last {} s "
                    + "({} of them evicted from full handshake slots; {} addresses not named before)", who, n,
                    SUMMARY_SECONDS, e, a);
        }
    }

    /** How many addresses are remembered as named (tests). */
    static int tracked() {
        synchronized (LOCK) {
            return NAMED.size();
        }
    }

    private static String address(Socket socket) {
        InetAddress address = socket.getInetAddress();
        return address == null ? String.valueOf(socket.getRemoteSocketAddress()) : address.getHostAddress();
    }
}
