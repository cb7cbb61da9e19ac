package io.paramavg.worker.link;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only ends that know the run's secret, under the same context and encryption choice, get a {@link Link};
 * a forged, replayed, reflected, garbled, mislabelled, silent or dripping handshake is refused, and the
 * refusing end sends no reason. Frames, encrypted or in clear, that were altered, repeated, reordered or
 * fed back to their writer fail their tag; a frame length outside 1 to a frame is refused before
 * anything is read.
 */
class HandshakeTest {
    private static final long TIMEOUT = 10_000;
    private static final String CONTEXT = "test context";
    /** Rank 1 of 3 connecting to rank 0, and rank 0's side of it. */
    private static final Roles ROLES = new Roles(1, 0, 3);
    private static final ServerRole SERVER = new ServerRole(0, 3);
    private final RunSecret secret = RunSecret.generate();
    private ServerSocket listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    /** The server side, on another thread: the link it gets, or its failure. */
    private CompletableFuture<Link> server(Security security, String context, long timeoutMillis) {
        return server(security, context, SERVER, timeoutMillis);
    }

    private CompletableFuture<Link> server(Security security, String context, ServerRole role, long timeoutMillis) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket socket = listener.accept();
                try {
                    return Handshake.accept(socket, security, context, role, timeoutMillis, timeoutMillis);
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Socket dial() throws IOException {
        return new Socket(listener.getInetAddress(), listener.getLocalPort());
    }

    private static Throwable failure(CompletableFuture<Link> server) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> server.get(30, TimeUnit.SECONDS));
        return e.getCause().getCause();
    }

    @Test
    void endsThatKnowTheSecretTalkInClearAndEncrypted() throws Exception {
        for (boolean encrypt : new boolean[] {false, true}) {
            Security security = new Security(secret, encrypt);
            CompletableFuture<Link> server = server(security, CONTEXT, TIMEOUT);
            try (Link client = Handshake.connect(dial(), security, CONTEXT, ROLES, TIMEOUT);
                 Link accepted = server.get(30, TimeUnit.SECONDS)) {
                byte[] big = new byte[3 * GcmOutputStream.FRAME + 17];
                new Random(1).nextBytes(big);
                client.out().writeInt(42);
                client.out().write(big);
                client.out().flush();
                assertEquals(42, accepted.in().readInt());
                byte[] back = new byte[big.length];
                accepted.in().readFully(back);
                assertArrayEquals(big, back);
                accepted.out().writeUTF("and back");
                accepted.out().flush();
                assertEquals("and back", client.in().readUTF());
            }
        }
    }

    @Test
    void aClientWithAnotherSecretIsRefusedAndTheServerSaysNothingButItsProof() throws Exception {
        CompletableFuture<Link> server = server(new Security(secret, false), CONTEXT, TIMEOUT);
        HandshakeException client = assertThrows(HandshakeException.class,
                () -> Handshake.connect(dial(), new Security(RunSecret.generate(), false), CONTEXT, ROLES, TIMEOUT));
        assertTrue(client.getMessage().contains("did not prove it knows this run's secret"), client.getMessage());
        assertInstanceOf(HandshakeException.class, failure(server));
    }

    @Test
    void aForgedClientProofIsRefusedAndClosedWithoutAReason() throws Exception {
        CompletableFuture<Link> server = server(new Security(secret, false), CONTEXT, TIMEOUT);
        try (Socket socket = dial()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.writeInt(Handshake.MAGIC);
            out.write(RunSecret.randomBytes(Handshake.NONCE_BYTES));
            out.write(ROLES.bytes());
            out.flush();
            assertEquals(Handshake.MAGIC, in.readInt());
            in.readFully(new byte[Handshake.NONCE_BYTES + Handshake.MAC_BYTES]);
            out.write(RunSecret.randomBytes(Handshake.MAC_BYTES)); // a guess at the proof
            out.flush();
            Throwable refused = failure(server);
            assertTrue(refused.getMessage().contains("proof does not match"), refused.getMessage());
            assertEquals(-1, in.read(), "the refusing server must close without sending a reason");
        }
    }

    @Test
    void aRecordedClientHandshakeReplayedToAFreshServerIsRefused() throws Exception {
        Security security = new Security(secret, false);
        // A genuine client's bytes, as an eavesdropper would record them.
        CompletableFuture<Link> first = server(security, CONTEXT, TIMEOUT);
        ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        try (Socket socket = dial()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] clientNonce = RunSecret.randomBytes(Handshake.NONCE_BYTES);
            out.writeInt(Handshake.MAGIC);
            out.write(clientNonce);
            out.write(ROLES.bytes());
            out.flush();
            in.readInt();
            byte[] serverNonce = new byte[Handshake.NONCE_BYTES];
            in.readFully(serverNonce);
            in.readFully(new byte[Handshake.MAC_BYTES]);
            byte[] proof = secret.mac("client proof", CONTEXT + "; frames in clear", clientNonce, serverNonce,
                    ROLES.bytes());
            out.write(proof);
            out.flush();
            assertNotNull(first.get(30, TimeUnit.SECONDS), "the genuine transcript must pass");
            DataOutputStream record = new DataOutputStream(recorded);
            record.writeInt(Handshake.MAGIC);
            record.write(clientNonce);
            record.write(ROLES.bytes());
            record.write(proof);
        }
        CompletableFuture<Link> second = server(security, CONTEXT, TIMEOUT);
        try (Socket socket = dial()) {
            socket.getOutputStream().write(recorded.toByteArray());
            socket.getOutputStream().flush();
            Throwable refused = failure(second);
            assertTrue(refused.getMessage().contains("proof does not match"), refused.getMessage());
        }
    }

    @Test
    void garbledBytesAreRefusedAtTheMagicWithoutReadingFurther() throws Exception {
        CompletableFuture<Link> server = server(new Security(secret, false), CONTEXT, TIMEOUT);
        try (Socket socket = dial()) {
            byte[] garbage = new byte[4096];
            new Random(3).nextBytes(garbage);
            socket.getOutputStream().write(garbage);
            Throwable refused = failure(server);
            assertTrue(refused.getMessage().startsWith("handshake magic: expected 0x50414832, found 0x"),
                    refused.getMessage());
        }
    }

    @Test
    void aPeerOfAnotherContextOrEncryptionChoiceIsRefused() throws Exception {
        CompletableFuture<Link> server = server(new Security(secret, false), CONTEXT, TIMEOUT);
        assertThrows(HandshakeException.class,
                () -> Handshake.connect(dial(), new Security(secret, false), "another stage", ROLES, TIMEOUT));
        assertInstanceOf(HandshakeException.class, failure(server));

        CompletableFuture<Link> plain = server(new Security(secret, false), CONTEXT, TIMEOUT);
        assertThrows(HandshakeException.class,
                () -> Handshake.connect(dial(), new Security(secret, true), CONTEXT, ROLES, TIMEOUT));
        assertInstanceOf(HandshakeException.class, failure(plain));
    }

    @Test
    void aSilentPeerIsDroppedAtTheDeadline() throws Exception {
        CompletableFuture<Link> server = server(new Security(secret, false), CONTEXT, 300);
        Socket silent = dial();
        try {
            Throwable refused = failure(server);
            assertTrue(refused.getMessage().endsWith("did not send its handshake's opening bytes within 300 ms"),
                    refused.getMessage());
        } finally {
            silent.close();
        }
    }

    @Test
    void anAlteredEncryptedFrameFailsItsTag() throws Exception {
        byte[] key = RunSecret.randomBytes(32);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GcmOutputStream(wire, key, true))) {
            out.writeUTF("the model");
            out.flush();
            out.writeUTF("the next frame");
            out.flush();
        }
        byte[] bytes = wire.toByteArray();
        DataInputStream intact = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(bytes), key, true));
        assertEquals("the model", intact.readUTF());
        assertEquals("the next frame", intact.readUTF());

        byte[] altered = bytes.clone();
        altered[6] ^= 1;
        DataInputStream in = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(altered), key, true));
        IOException e = assertThrows(IOException.class, in::readUTF);
        assertTrue(e.getMessage().contains("failed its authentication tag check"), e.getMessage());

        // The second frame alone, as if the first were dropped: its nonce is frame 0's no longer.
        int firstFrame = 4 + 11 + GcmOutputStream.TAG_BYTES;
        byte[] dropped = java.util.Arrays.copyOfRange(bytes, firstFrame, bytes.length);
        DataInputStream skipped = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(dropped), key,
                true));
        assertThrows(IOException.class, skipped::readUTF);
    }

    @Test
    void aFrameLengthBeyondAFrameIsRefusedBeforeItIsRead() {
        byte[] key = RunSecret.randomBytes(32);
        byte[] wire = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        DataInputStream in = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(wire), key, true));
        IOException e = assertThrows(IOException.class, in::readInt);
        assertEquals("frame length: expected 1 to 65536 bytes, found 2147483647", e.getMessage());
    }

    /** What a client sends in its handshake: magic, nonce and roles, then its proof. */
    private static final int CLIENT_HANDSHAKE_BYTES = 4 + Handshake.NONCE_BYTES + Roles.BYTES + Handshake.MAC_BYTES;

    @Test
    void aByteFlippedInAFrameInClearFailsItsTagInsteadOfChangingTheParameters() throws Exception {
        Security clear = new Security(secret, false);
        CompletableFuture<Link> server = server(clear, CONTEXT, TIMEOUT);
        // The first frame: its length (4 bytes), then the plaintext: flip a bit of the float's exponent.
        try (Relay relay = new Relay(listener.getLocalPort(), Relay.Mode.FLIP, CLIENT_HANDSHAKE_BYTES + 4);
             Link client = Handshake.connect(new Socket(InetAddress.getLoopbackAddress(), relay.port()), clear,
                     CONTEXT, ROLES, TIMEOUT);
             Link accepted = server.get(30, TimeUnit.SECONDS)) {
            client.out().writeFloat(0.25f);
            client.out().flush();
            IOException e = assertThrows(IOException.class, () -> accepted.in().readFloat());
            assertEquals("frame 0 failed its authentication tag check: it was altered, replayed or reordered on the "
                    + "way", e.getMessage());
        }
    }

    @Test
    void aFrameFedBackToItsOwnWritersEndFailsItsTag() throws Exception {
        for (boolean encrypt : new boolean[] {false, true}) {
            Security security = new Security(secret, encrypt);
            CompletableFuture<Link> server = server(security, CONTEXT, TIMEOUT);
            try (Relay relay = new Relay(listener.getLocalPort(), Relay.Mode.REFLECT, CLIENT_HANDSHAKE_BYTES);
                 Link client = Handshake.connect(new Socket(InetAddress.getLoopbackAddress(), relay.port()), security,
                         CONTEXT, ROLES, TIMEOUT);
                 Link accepted = server.get(30, TimeUnit.SECONDS)) {
                client.out().writeInt(42);
                client.out().flush();
                IOException e = assertThrows(IOException.class, () -> client.in().readInt());
                assertTrue(e.getMessage().contains("failed its authentication tag check"), e.getMessage());
                assertNotNull(accepted);
            }
        }
    }

    @Test
    void twoConnectionsUnderOneSecretSealTheSameFrameWithDifferentKeys() throws Exception {
        for (boolean encrypt : new boolean[] {false, true}) {
            Security security = new Security(secret, encrypt);
            byte[][] frames = new byte[2][];
            for (int connection = 0; connection < 2; connection++) {
                CompletableFuture<Link> server = server(security, CONTEXT, TIMEOUT);
                try (Relay relay = new Relay(listener.getLocalPort(), Relay.Mode.FORWARD, Long.MAX_VALUE);
                     Link client = Handshake.connect(new Socket(InetAddress.getLoopbackAddress(), relay.port()),
                             security, CONTEXT, ROLES, TIMEOUT);
                     Link accepted = server.get(30, TimeUnit.SECONDS)) {
                    client.out().writeLong(42);
                    client.out().flush();
                    assertEquals(42, accepted.in().readLong());
                    byte[] sent = relay.recorded();
                    frames[connection] = java.util.Arrays.copyOfRange(sent, CLIENT_HANDSHAKE_BYTES, sent.length);
                }
            }
            // The same plaintext, frame number, secret, context and ranks: only the nonces tell the keys apart.
            assertEquals(4 + 8 + GcmOutputStream.TAG_BYTES, frames[0].length);
            assertFalse(java.util.Arrays.equals(frames[0], frames[1]), "frame 0 sealed alike on two connections");
        }
    }

    @Test
    void theServersProofReflectedAsTheClientsIsRefused() throws Exception {
        CompletableFuture<Link> server = server(new Security(secret, false), CONTEXT, TIMEOUT);
        try (Socket socket = dial()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.writeInt(Handshake.MAGIC);
            out.write(RunSecret.randomBytes(Handshake.NONCE_BYTES));
            out.write(ROLES.bytes());
            out.flush();
            in.readInt();
            in.readFully(new byte[Handshake.NONCE_BYTES]);
            byte[] serverProof = new byte[Handshake.MAC_BYTES];
            in.readFully(serverProof);
            out.write(serverProof);
            out.flush();
            Throwable refused = failure(server);
            assertTrue(refused.getMessage().contains("proof does not match"), refused.getMessage());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void aRecordedServerReplyReplayedToANewClientIsRefused() throws Exception {
        Security security = new Security(secret, false);
        // A genuine server's reply, recorded by someone who opened a connection to it.
        CompletableFuture<Link> genuine = server(security, CONTEXT, TIMEOUT);
        byte[] reply = new byte[4 + Handshake.NONCE_BYTES + Handshake.MAC_BYTES];
        try (Socket socket = dial()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(Handshake.MAGIC);
            out.write(RunSecret.randomBytes(Handshake.NONCE_BYTES));
            out.write(ROLES.bytes());
            out.flush();
            new DataInputStream(socket.getInputStream()).readFully(reply);
        }
        assertInstanceOf(HandshakeException.class, failure(genuine));
        // Replayed by an impostor to a new client.
        CompletableFuture<Void> impostor = CompletableFuture.runAsync(() -> {
            try (Socket socket = listener.accept()) {
                new DataInputStream(socket.getInputStream()).readFully(new byte[4 + Handshake.NONCE_BYTES
                        + Roles.BYTES]);
                socket.getOutputStream().write(reply);
                socket.getInputStream().read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> Handshake.connect(dial(), security, CONTEXT, ROLES, TIMEOUT));
        assertTrue(e.getMessage().contains("did not prove it knows this run's secret"), e.getMessage());
        impostor.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aPeerDrippingOneByteEveryHalfDeadlineIsDroppedAtTheDeadlineNotKeptByEachByte() throws Exception {
        CompletableFuture<Link> server = server(new Security(secret, false), CONTEXT, 400);
        try (Socket socket = dial()) {
            CompletableFuture<Void> drip = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        socket.getOutputStream().write(i == 0 ? 0x50 : 0);
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // Closed by the server: the drip is over.
                }
            });
            Throwable refused = failure(server);
            // Each byte comes well within a read's timeout: only the deadline on the whole opening ends it.
            assertTrue(refused.getMessage().endsWith("did not send its handshake's opening bytes within 400 ms"),
                    refused.getMessage());
            drip.cancel(true);
        }
    }

    @Test
    void aRepeatedAndAReorderedFrameFailTheirTags() throws Exception {
        byte[] key = RunSecret.randomBytes(32);
        for (boolean encrypt : new boolean[] {false, true}) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(new GcmOutputStream(wire, key, encrypt))) {
                out.writeInt(1);
                out.flush();
                out.writeInt(2);
                out.flush();
            }
            byte[] bytes = wire.toByteArray();
            int frame = bytes.length / 2;
            byte[] first = java.util.Arrays.copyOfRange(bytes, 0, frame);
            byte[] second = java.util.Arrays.copyOfRange(bytes, frame, bytes.length);

            DataInputStream repeated = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(
                    concat(first, first)), key, encrypt));
            assertEquals(1, repeated.readInt());
            assertThrows(IOException.class, repeated::readInt);
            DataInputStream reordered = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(
                    concat(second, first)), key, encrypt));
            assertThrows(IOException.class, reordered::readInt);
        }
    }

    @Test
    void frameLengthsOfZeroAndWithTheTopBitSetAreRefusedBeforeAnythingIsRead() {
        byte[] key = RunSecret.randomBytes(32);
        for (boolean encrypt : new boolean[] {false, true}) {
            for (byte[] length : new byte[][] {{0, 0, 0, 0}, {(byte) 0x80, 0, 0, 0}}) {
                DataInputStream in = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(length), key,
                        encrypt));
                IOException e = assertThrows(IOException.class, in::readInt);
                assertEquals("frame length: expected 1 to 65536 bytes, found "
                        + java.nio.ByteBuffer.wrap(length).getInt(), e.getMessage());
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void theSecretNeverShowsInItsText() {
        assertEquals("RunSecret[256 bits, redacted]", secret.toString());
    }
}
