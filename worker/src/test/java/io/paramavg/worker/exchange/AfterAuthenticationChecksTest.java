package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.link.Handshake;
import io.paramavg.worker.link.Link;
import io.paramavg.worker.link.Roles;
import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;
import io.paramavg.worker.link.ServerRole;
import io.paramavg.worker.train.ShardResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a peer that knows the run's secret (a compromised or buggy task) can still not make a rank do:
 * take a rank outside the stage or one already taken, announce a host or port that is not one, or send
 * a contribution of another kind, size or shape, sizing a buffer by it. Each is refused with a message
 * naming the field, what was expected and what was found.
 */
class AfterAuthenticationChecksTest {
    private static final long TIMEOUT = 10_000;
    private final ExchangeSession session = new ExchangeSession(7, new Security(RunSecret.generate(), false),
            TIMEOUT);

    /** Rank 0 of {@code ranks} waiting for the others, and its failure. */
    private static CompletableFuture<Mesh> root(ServerSocket listener, int ranks, ExchangeSession session) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Mesh.root(listener, ranks, session);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String failure(CompletableFuture<Mesh> root) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> root.get(60, TimeUnit.SECONDS));
        assertInstanceOf(ExchangeException.class, e.getCause().getCause());
        return e.getCause().getCause().getMessage();
    }

    /** A peer that proves it is {@code rank} of {@code ranks} to rank 0 at {@code listener}. */
    private Link peer(ServerSocket listener, int rank, int ranks) throws IOException {
        return Handshake.connect(new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                session.security(), session.context(), new Roles(rank, 0, ranks), TIMEOUT);
    }

    @Test
    void aPeerProvingARankOutsideTheStageOrNegativeTakesNoPlace() throws Exception {
        for (int rank : new int[] {3, -1, Integer.MIN_VALUE}) {
            try (ServerSocket listener = Mesh.listen("127.0.0.1", 3)) {
                CompletableFuture<Mesh> root = root(listener, 3, session);
                try (Link rogue = peer(listener, rank, 3)) {
                    assertEquals("rank 0: a peer of this stage attempt at " + rogue.socket().getLocalSocketAddress()
                            + " proved it is rank " + rank + "; expected one of ranks 1 to 2 not yet connected",
                            failure(root));
                }
            }
        }
    }

    @Test
    void aSecondPeerProvingARankAlreadyConnectedTakesNoPlace() throws Exception {
        try (ServerSocket listener = Mesh.listen("127.0.0.1", 3)) {
            CompletableFuture<Mesh> root = root(listener, 3, session);
            try (Link first = peer(listener, 1, 3)) {
                first.out().writeUTF("127.0.0.1");
                first.out().writeInt(1);
                first.out().flush();
                try (Link second = peer(listener, 1, 3)) {
                    assertEquals("rank 0: a peer of this stage attempt at " + second.socket().getLocalSocketAddress()
                            + " proved it is rank 1; expected one of ranks 1 to 2 not yet connected", failure(root));
                }
            }
        }
    }

    @Test
    void aHostNameOver255CharactersOrAPortOutside0To65535IsRefused() throws Exception {
        String[] hosts = {"h".repeat(256), "", "127.0.0.1"};
        int[] ports = {1, 1, 70_000};
        String[] expected = {"rank 1's host: expected 1 to 255 characters, found 256",
            "rank 1's host: expected 1 to 255 characters, found 0", "rank 1's port: expected 0 to 65535, found 70000"};
        for (int i = 0; i < hosts.length; i++) {
            try (ServerSocket listener = Mesh.listen("127.0.0.1", 2)) {
                CompletableFuture<Mesh> root = root(listener, 2, session);
                try (Link peer = peer(listener, 1, 2)) {
                    peer.out().writeUTF(hosts[i]);
                    peer.out().writeInt(ports[i]);
                    peer.out().flush();
                    assertEquals(expected[i], failure(root));
                }
            }
        }
    }

    @Test
    void aContributionOfAnUnknownKindIsRefused() {
        ExchangeException e = assertThrows(ExchangeException.class, () -> contributions().read(
                contribution((byte) 7, 10, 20, 0), 1));
        assertEquals("rank 1's contribution kind: expected 0, 1 or 2, found 7", e.getMessage());
    }

    @Test
    void negativeAndOversizedLengthsAreRefusedBeforeABufferIsSizedByThem() {
        Contributions empty = new Contributions(0, 2);
        empty.local(new ParameterSum(), 0);
        for (int[] sizes : new int[][] {{-1, 20}, {10, -5}, {Integer.MAX_VALUE, Integer.MAX_VALUE},
            {(int) Contributions.MAX_VALUES, 1}}) {
            ExchangeException e = assertThrows(ExchangeException.class, () -> empty.read(
                    contribution(Contributions.FLOATS, sizes[0], sizes[1], 0), 1));
            assertEquals("rank 1's model size: expected 0 to " + Contributions.MAX_VALUES + " values, found " + sizes[0]
                    + " parameters and " + sizes[1] + " updater values", e.getMessage());
        }
    }

    @Test
    void aPeerWhoseModelHasAnotherShapeIsRefused() {
        ExchangeException e = assertThrows(ExchangeException.class, () -> contributions().read(
                contribution(Contributions.FLOATS, 10, 21, 0), 1));
        assertEquals("rank 1's model size: expected 10 parameters and 20 updater values (this rank's), found 10 and 21"
                + ": the ranks trained different architectures", e.getMessage());
    }

    @Test
    void aContributionCutAtAFrameBoundaryFailsTheReadInsteadOfEndingQuietly() throws Exception {
        // 40,000 floats and the header span three 64 KiB frames; someone on the path passes the handshake and
        // the first frame whole, then ends the stream: a clean end between frames, which must not read as a
        // short contribution.
        int p = 10_000;
        ParameterSum sum = sum(p, 3 * p);
        Contributions writer = new Contributions(1, 2);
        writer.local(sum, 0);
        Security security = new Security(RunSecret.generate(), false);
        int handshakeAndOneFrame = 4 + 32 + 12 + 32 + 4 + 65_536 + 16;
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocket cutter = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> cut = CompletableFuture.runAsync(() -> {
                try (Socket client = cutter.accept();
                     Socket server = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                    Thread back = new Thread(() -> {
                        try {
                            server.getInputStream().transferTo(client.getOutputStream());
                        } catch (IOException closed) {
                            // The cut ends it.
                        }
                    });
                    back.setDaemon(true);
                    back.start();
                    byte[] buffer = new byte[8192];
                    for (int left = handshakeAndOneFrame, n; left > 0; left -= n) {
                        n = client.getInputStream().read(buffer, 0, Math.min(buffer.length, left));
                        if (n < 0) {
                            break;
                        }
                        server.getOutputStream().write(buffer, 0, n);
                    }
                    server.shutdownOutput();
                    server.getInputStream().read();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<Link> server = CompletableFuture.supplyAsync(() -> {
                try {
                    return Handshake.accept(listener.accept(), security, "cut", new ServerRole(0, 2), TIMEOUT,
                            TIMEOUT);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Link client = Handshake.connect(new Socket(InetAddress.getLoopbackAddress(), cutter.getLocalPort()),
                    security, "cut", new Roles(1, 0, 2), TIMEOUT);
                 Link accepted = server.get(30, TimeUnit.SECONDS)) {
                writer.write(client.out(), sum, 0);
                Contributions reader = contributions(p);
                assertThrows(EOFException.class, () -> reader.read(accepted.in(), 1));
            }
            cut.get(30, TimeUnit.SECONDS);
        }
    }

    private static Contributions contributions() {
        Contributions contributions = new Contributions(0, 2);
        contributions.local(sum(10, 20), 0);
        return contributions;
    }

    /** Rank 0 of 2 holding a model of {@code p} parameters and 3p updater values. */
    private static Contributions contributions(int p) {
        Contributions contributions = new Contributions(0, 2);
        contributions.local(sum(p, 3 * p), 0);
        return contributions;
    }

    private static ParameterSum sum(int p, int u) {
        return new ParameterSum().add(new ShardResult(new float[p], new float[u], 4, 1.0, 2, 1, 0, "test"));
    }

    /** A peer's contribution as it goes on the wire, with {@code payloadBytes} of payload after the header. */
    private static DataInputStream contribution(byte kind, int p, int u, int payloadBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(4);
        out.writeDouble(1.0);
        out.writeLong(2);
        out.writeLong(0);
        out.writeByte(kind);
        out.writeInt(p);
        out.writeInt(u);
        out.write(new byte[payloadBytes]);
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
