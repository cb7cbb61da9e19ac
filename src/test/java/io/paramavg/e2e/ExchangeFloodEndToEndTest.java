package io.paramavg.e2e;

import io.paramavg.driver.cli.Commands;
import io.paramavg.worker.testing.ListeningSockets;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole run under a flood of connections from a stranger without the secret (issue 29, item 1): for
 * the length of the run, every port paramavg listens on (the driver's coordinator for the whole run; a
 * stage's task listener for the moments until its peers have connected) holds a hundred and more silent
 * connections, more than the coordinator's handshake slots for one address, connections that drip a byte a second, and connections
 * that send a complete handshake opening and then stall before the proof, all from the tasks' own
 * address (loopback in local mode, so the per-address cap protects nothing and only eviction of the
 * oldest unauthenticated connection, the opening deadline and the tasks' retries keep the run going).
 * The run must finish with the model an undisturbed run of the same seed trains, bit for bit, and no stage
 * may run twice. Bounded: at most {@link Flood#PER_PORT} sockets per port, re-opened every 100 ms.
 */
@Tag("slow")
@Tag("line-independent")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ExchangeFloodEndToEndTest {
    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static final AtomicInteger RESUBMITTED = new AtomicInteger();

    @BeforeAll
    static void session() {
        spark = TableFixtures.session();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                if (submitted.stageInfo().attemptNumber() > 0) {
                    RESUBMITTED.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static String train(Path out) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
        // The default network, eight epochs: long enough for the flood to fill its connections many times. (Six
        // epochs of a 64-unit network took about 2.5 s once the forward and backward pass ran in Java, and the
        // flood reached 150 connections, too few to prove anything.)
        int code = Commands.run(new String[] {"train", "--master", "local[2]", "--epochs", "8", "--shards", "2",
            "--seed", "42", "--out", out.toString()}, stream, stream);
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertEquals(0, code, output);
        return output;
    }

    private static float[] parameters(Path run) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), false).params().data()
                .asFloat();
    }

    @Test
    void aRunFloodedOnEveryPortItListensOnFinishesWithTheUndisturbedModelAndNoStageRunsTwice() throws Exception {
        Path quiet = dir.resolve("quiet");
        train(quiet);
        assertEquals(0, RESUBMITTED.get(), "the undisturbed run resubmitted a stage");

        long pid = ProcessHandle.current().pid();
        Set<String> before = new HashSet<>(ListeningSockets.of(pid));
        Path flooded = dir.resolve("flooded");
        String output;
        Flood flood = new Flood(() -> {
            Set<String> listening = new HashSet<>(ListeningSockets.of(pid));
            listening.removeAll(before);
            return listening;
        });
        flood.start();
        try {
            output = train(flooded);
        } finally {
            flood.stop();
        }
        System.out.printf("flood: %d connections to %d ports (%s)%n", flood.opened.get(), flood.targeted.size(),
                flood.targeted);
        // The coordinator listens for the whole run; a stage's task listener only until its peers have connected.
        assertTrue(!flood.targeted.isEmpty() && flood.opened.get() >= Flood.PER_PORT, "the flood reached too "
                + "little to prove anything: " + flood.opened.get() + " connections to " + flood.targeted);
        assertArrayEquals(parameters(quiet), parameters(flooded), output);
        assertEquals(0, RESUBMITTED.get(), "a stage was resubmitted under the flood\n" + output);
        assertFalse(output.contains("running it again"), output);
    }

    /**
     * The stranger: keeps {@link #PER_PORT} hostile connections open on every address the supplier names, from
     * the address the run's own tasks use (the same host).
     */
    private static final class Flood {
        /** Per port: silent, dripping (one byte a second) and stalled-after-opening connections. */
        static final int SILENT = 150;
        static final int DRIP = 16;
        static final int STALLED = 16;
        static final int PER_PORT = SILENT + DRIP + STALLED;
        /** "PAH2", the handshake's magic (Handshake.MAGIC). */
        private static final int MAGIC = 0x50414832;

        private final PortSource ports;
        private final Map<String, List<List<SocketChannel>>> open = new HashMap<>();
        private final Set<String> targeted = new HashSet<>();
        private final AtomicInteger opened = new AtomicInteger();
        private final Random random = new Random(29);
        private final ByteBuffer sink = ByteBuffer.allocate(256);
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::loop, "flood");

        interface PortSource {
            /** What the run listens on now, as {@code host:port}. */
            Set<String> get() throws IOException;
        }

        Flood(PortSource ports) {
            this.ports = ports;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
            open.values().forEach(kinds -> kinds.forEach(sockets -> sockets.forEach(Flood::close)));
        }

        private void loop() {
            long tick = 0;
            while (running) {
                try {
                    for (String address : ports.get()) {
                        targeted.add(address);
                        int colon = address.lastIndexOf(':');
                        String host = address.substring(0, colon);
                        InetSocketAddress target = new InetSocketAddress(host.equals("0.0.0.0") || host.equals("[::]")
                                ? "127.0.0.1" : host.replace("[", "").replace("]", ""),
                                Integer.parseInt(address.substring(colon + 1)));
                        List<List<SocketChannel>> kinds = open.computeIfAbsent(address, a -> List.of(new ArrayList<>(),
                                new ArrayList<>(), new ArrayList<>()));
                        topUp(target, kinds.get(0), SILENT, false);
                        topUp(target, kinds.get(1), DRIP, false);
                        topUp(target, kinds.get(2), STALLED, true);
                        if (tick % 10 == 0) {
                            for (SocketChannel drip : kinds.get(1)) {
                                write(drip, new byte[] {(byte) random.nextInt()});
                            }
                        }
                    }
                    tick++;
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // The process's socket table changed while it was read: try again next tick.
                }
            }
        }

        /** Re-opens the closed ones (evicted, timed out) up to {@code count}; stalled ones send a whole opening. */
        private void topUp(InetSocketAddress target, List<SocketChannel> sockets, int count, boolean opening) {
            sockets.removeIf(s -> !alive(s));
            while (sockets.size() < count && running) {
                try {
                    SocketChannel socket = SocketChannel.open();
                    try {
                        socket.socket().connect(target, 1000);
                    } catch (IOException e) {
                        close(socket);
                        throw e;
                    }
                    opened.incrementAndGet();
                    socket.configureBlocking(false);
                    if (opening) {
                        write(socket, opening());
                    }
                    sockets.add(socket);
                } catch (IOException e) {
                    return; // the port is gone (a finished stage's listener)
                }
            }
        }

        /** A complete handshake opening (magic, nonce, roles: rank 1 to rank 0 of 2), after which it stalls. */
        private byte[] opening() {
            ByteBuffer bytes = ByteBuffer.allocate(4 + 32 + 12);
            bytes.putInt(MAGIC);
            byte[] nonce = new byte[32];
            random.nextBytes(nonce);
            bytes.put(nonce).putInt(1).putInt(0).putInt(2);
            return bytes.array();
        }

        /** Whether the server has not closed it (what it sent, a proof, is read and dropped). */
        private boolean alive(SocketChannel socket) {
            try {
                sink.clear();
                if (socket.read(sink) >= 0) {
                    return true;
                }
            } catch (IOException e) {
                // Reset by the server: closed.
            }
            close(socket);
            return false;
        }

        private static void write(SocketChannel socket, byte[] bytes) {
            try {
                socket.write(ByteBuffer.wrap(bytes));
            } catch (IOException e) {
                close(socket);
            }
        }

        private static void close(SocketChannel socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing more to release.
            }
        }
    }
}
