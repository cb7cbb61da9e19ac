package io.paramavg.worker.link;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a refused connection once per remote address for the life of the JVM: a stranger that retries in
 * a loop must not flood the log (nor make it the means of a denial of service), and one line is enough
 * to tell an operator which host to look at.
 */
public final class RefusedPeers {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedPeers.class);
    private static final Set<InetAddress> LOGGED = ConcurrentHashMap.newKeySet();

    private RefusedPeers() {
    }

    /**
     * Notes that {@code socket}'s peer was refused by {@code who} for {@code why}; logs it the first time
     * its address is refused, and returns whether it did.
     */
    public static boolean refused(String who, Socket socket, Exception why) {
        SocketAddress remote = socket.getRemoteSocketAddress();
        InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (address == null || LOGGED.add(address)) {
            LOG.warn("{} refused a connection from {}: {} (further refusals of this address are not logged)", who,
                    address == null ? remote : address.getHostAddress(), why.getMessage());
            return true;
        }
        return false;
    }
}
