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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only ends that know the run's secret, under the same context and encryption choice, get a {@link Link};
 * a forged, replayed, garbled, mislabelled or silent handshake is refused, and the refusing end sends no
 * reason. Encrypted frames that were altered fail their tag; a frame length beyond a frame is refused
 * before anything is read.
 */
class HandshakeTest {
    private static final long TIMEOUT = 10_000;
    private static final String CONTEXT = "test context";
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
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket socket = listener.accept();
                try {
                    return Handshake.accept(socket, security, context, timeoutMillis);
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
            try (Link client = Handshake.connect(dial(), security, CONTEXT, TIMEOUT);
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
                () -> Handshake.connect(dial(), new Security(RunSecret.generate(), false), CONTEXT, TIMEOUT));
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
            out.flush();
            in.readInt();
            byte[] serverNonce = new byte[Handshake.NONCE_BYTES];
            in.readFully(serverNonce);
            in.readFully(new byte[Handshake.MAC_BYTES]);
            byte[] proof = secret.mac("client proof", CONTEXT + "; frames in clear", clientNonce, serverNonce);
            out.write(proof);
            out.flush();
            assertNotNull(first.get(30, TimeUnit.SECONDS), "the genuine transcript must pass");
            DataOutputStream record = new DataOutputStream(recorded);
            record.writeInt(Handshake.MAGIC);
            record.write(clientNonce);
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
            assertTrue(refused.getMessage().startsWith("handshake magic: expected 0x50414831, found 0x"),
                    refused.getMessage());
        }
    }

    @Test
    void aPeerOfAnotherContextOrEncryptionChoiceIsRefused() throws Exception {
        CompletableFuture<Link> server = server(new Security(secret, false), CONTEXT, TIMEOUT);
        assertThrows(HandshakeException.class,
                () -> Handshake.connect(dial(), new Security(secret, false), "another stage", TIMEOUT));
        assertInstanceOf(HandshakeException.class, failure(server));

        CompletableFuture<Link> plain = server(new Security(secret, false), CONTEXT, TIMEOUT);
        assertThrows(HandshakeException.class,
                () -> Handshake.connect(dial(), new Security(secret, true), CONTEXT, TIMEOUT));
        assertInstanceOf(HandshakeException.class, failure(plain));
    }

    @Test
    void aSilentPeerIsDroppedAtTheDeadline() throws Exception {
        CompletableFuture<Link> server = server(new Security(secret, false), CONTEXT, 300);
        Socket silent = dial();
        try {
            Throwable refused = failure(server);
            assertTrue(refused.getMessage().contains("did not finish within 300 ms"), refused.getMessage());
        } finally {
            silent.close();
        }
    }

    @Test
    void anAlteredEncryptedFrameFailsItsTag() throws Exception {
        byte[] key = RunSecret.randomBytes(32);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GcmOutputStream(wire, key))) {
            out.writeUTF("the model");
            out.flush();
            out.writeUTF("the next frame");
            out.flush();
        }
        byte[] bytes = wire.toByteArray();
        DataInputStream intact = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(bytes), key));
        assertEquals("the model", intact.readUTF());
        assertEquals("the next frame", intact.readUTF());

        byte[] altered = bytes.clone();
        altered[6] ^= 1;
        DataInputStream in = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(altered), key));
        IOException e = assertThrows(IOException.class, in::readUTF);
        assertTrue(e.getMessage().contains("failed its authentication tag check"), e.getMessage());

        // The second frame alone, as if the first were dropped: its nonce is frame 0's no longer.
        int firstFrame = 4 + 11 + GcmOutputStream.TAG_BYTES;
        byte[] dropped = java.util.Arrays.copyOfRange(bytes, firstFrame, bytes.length);
        DataInputStream skipped = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(dropped), key));
        assertThrows(IOException.class, skipped::readUTF);
    }

    @Test
    void aFrameLengthBeyondAFrameIsRefusedBeforeItIsRead() {
        byte[] key = RunSecret.randomBytes(32);
        byte[] wire = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        DataInputStream in = new DataInputStream(new GcmInputStream(new ByteArrayInputStream(wire), key));
        IOException e = assertThrows(IOException.class, in::readInt);
        assertEquals("encrypted frame length: expected 1 to 65536 bytes, found 2147483647", e.getMessage());
    }

    @Test
    void theSecretNeverShowsInItsText() {
        assertEquals("RunSecret[256 bits, redacted]", secret.toString());
    }
}
