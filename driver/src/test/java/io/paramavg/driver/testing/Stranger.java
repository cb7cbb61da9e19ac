package io.paramavg.driver.testing;

import io.paramavg.worker.exchange.CoordinatorClient;
import io.paramavg.worker.link.Handshake;
import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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
                        poke(port, kind++ % 5, random);
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
            switch (kind) {
                case 0 -> {
                    try {
                        Handshake.connect(socket, new Security(RunSecret.generate(), false), CoordinatorClient.CONTEXT,
                                1000);
                    } catch (IOException refused) {
                        // Expected.
                    }
                }
                case 1 -> {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    DataOutputStream out = new DataOutputStream(bytes);
                    out.writeInt(CoordinatorClient.MAGIC);
                    out.writeLong(1);
                    out.writeInt(0);
                    out.writeInt(0);
                    out.writeInt(2);
                    out.writeUTF("attacker");
                    out.writeUTF(host);
                    out.writeInt(1);
                    socket.getOutputStream().write(bytes.toByteArray());
                }
                case 2 -> {
                    byte[] garbage = new byte[4096];
                    random.nextBytes(garbage);
                    socket.getOutputStream().write(garbage);
                }
                case 3 -> socket.getOutputStream().write(new byte[] {0x7f, -1, -1, -1, 0x7f, -1, -1, -1});
                default -> Thread.sleep(50); // silence, then gone
            }
            socket.setSoTimeout(200);
            socket.getInputStream().read();
        } catch (IOException | InterruptedException expected) {
            // Refused, reset or timed out: all a stranger may get.
        }
    }

    /** The ports this JVM listens on over TCP. */
    private static Set<Integer> listeningPorts() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // Not a socket we need.
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> rows = Files.readAllLines(file);
            for (String row : rows.subList(1, rows.size())) {
                String[] fields = row.trim().split("\\s+");
                if (fields[3].equals("0A") && inodes.contains(fields[9])) {
                    String local = fields[1];
                    ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
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
