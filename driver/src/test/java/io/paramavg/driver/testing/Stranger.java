package io.paramavg.driver.testing;

import io.paramavg.worker.testing.ListeningSockets;
import io.paramavg.worker.testing.StrangerBytes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile process's behaviour, on a thread of the test JVM: it watches this JVM's listening TCP ports
 * (Linux's /proc, as the attack of 2026-11-30 found the coordinator) and pokes every port that was not
 * there when it started, that is paramavg's coordinator and the ranks' listeners, in turn with a forged
 * handshake (another secret), the old plain registration for stage 1 rank 0, random bytes, a length
 * field as large as it gets, and a connection that says nothing.
 */
public final class Stranger implements AutoCloseable {
    private final Set<Integer> baseline;
    private final String host;
    private final AtomicInteger pokes = new AtomicInteger();
    private final Set<Integer> poked = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stopped;

    private Stranger(String host) throws IOException {
        this.host = host;
        this.baseline = listeningPorts();
        this.thread = new Thread(this::loop, "stranger");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts poking new ports of this JVM at {@code host}. */
    public static Stranger start(String host) throws IOException {
        return new Stranger(host);
    }

    /** Connections made so far. */
    public int pokes() {
        return pokes.get();
    }

    /** Distinct ports poked so far. */
    public int ports() {
        return poked.size();
    }

    private void loop() {
        Random random = new Random(11);
        int kind = 0;
        while (!stopped) {
            try {
                for (int port : listeningPorts()) {
                    if (!baseline.contains(port) && !stopped) {
                        poke(port, kind++ % StrangerBytes.KINDS, random);
                    }
                }
                Thread.sleep(5);
            } catch (IOException e) {
                // A port that closed meanwhile: try the next.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void poke(int port, int kind, Random random) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            pokes.incrementAndGet();
            poked.add(port);
            StrangerBytes.send(socket, host, kind, random);
            socket.setSoTimeout(200);
            socket.getInputStream().read();
        } catch (IOException | InterruptedException expected) {
            // Refused, reset or timed out: all a stranger may get.
        }
    }

    /** The ports this JVM listens on over TCP. */
    private static Set<Integer> listeningPorts() throws IOException {
        return ListeningSockets.ports(ProcessHandle.current().pid());
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
