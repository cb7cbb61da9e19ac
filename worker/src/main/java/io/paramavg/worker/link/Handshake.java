package io.paramavg.worker.link;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;

/**
 * The mutual challenge and response every paramavg connection starts with, before anything else is read:
 * <pre>
 *   client → server   MAGIC, nonce_c (32 random bytes)
 *   server → client   MAGIC, nonce_s (32 random bytes), HMAC(secret, "server proof", context, nonce_c, nonce_s)
 *   client → server   HMAC(secret, "client proof", context, nonce_c, nonce_s)
 * </pre>
 * Each end checks the other's MAC in constant time ({@link MessageDigest#isEqual}) against the one it
 * computes itself. A fresh nonce from each end makes a recorded exchange worthless (replayed to a server,
 * its proof does not cover the server's new nonce; to a client, likewise); the labels keep one
 * direction's proof from being reflected as the other's; the context (the coordinator, or one stage
 * attempt's exchange, and whether frames are encrypted) keeps a connection meant for one purpose from
 * being accepted by another. Every read has a fixed length, so nothing a stranger sends sizes an
 * allocation, and the whole handshake has one deadline. A server that refuses closes the socket and
 * says nothing: a stranger learns no stage number, rank or reason.
 *
 * <p>With encryption on, both ends then derive one AES-256 key per direction from the secret and both
 * nonces (fresh per connection), and the {@link Link}'s streams become AES-GCM frames.
 */
public final class Handshake {
    /** "PAH1": the protocol and its version. */
    static final int MAGIC = 0x50414831;
    static final int NONCE_BYTES = 32;
    static final int MAC_BYTES = 32;

    private Handshake() {
    }

    /**
     * The connecting end: proves itself to the server at the other end of {@code socket} and checks its
     * proof; on any failure the socket is closed.
     */
    public static Link connect(Socket socket, Security security, String context, long timeoutMillis)
            throws IOException {
        String bound = bind(security, context);
        try (Watchdog.Armed deadline = Watchdog.arm(timeoutMillis, socket)) {
            try {
                socket.setSoTimeout((int) timeoutMillis);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] clientNonce = RunSecret.randomBytes(NONCE_BYTES);
                out.writeInt(MAGIC);
                out.write(clientNonce);
                out.flush();
                int magic = in.readInt();
                if (magic != MAGIC) {
                    throw new HandshakeException("the peer at " + socket.getRemoteSocketAddress()
                            + " is not a paramavg task or coordinator: handshake magic expected 0x"
                            + Integer.toHexString(MAGIC) + ", found 0x" + Integer.toHexString(magic));
                }
                byte[] serverNonce = new byte[NONCE_BYTES];
                in.readFully(serverNonce);
                byte[] serverProof = new byte[MAC_BYTES];
                in.readFully(serverProof);
                if (!MessageDigest.isEqual(serverProof,
                        security.secret().mac("server proof", bound, clientNonce, serverNonce))) {
                    throw new HandshakeException("the peer at " + socket.getRemoteSocketAddress()
                            + " did not prove it knows this run's secret");
                }
                out.write(security.secret().mac("client proof", bound, clientNonce, serverNonce));
                out.flush();
                return link(socket, security, bound, clientNonce, serverNonce, true);
            } catch (HandshakeException e) {
                closeQuietly(socket);
                throw e;
            } catch (IOException e) {
                closeQuietly(socket);
                throw failed(socket, deadline, timeoutMillis, e);
            }
        }
    }

    /** The accepting end: checks the client's proof, proves itself; on any failure the socket is closed. */
    public static Link accept(Socket socket, Security security, String context, long timeoutMillis)
            throws IOException {
        String bound = bind(security, context);
        try (Watchdog.Armed deadline = Watchdog.arm(timeoutMillis, socket)) {
            try {
                socket.setSoTimeout((int) timeoutMillis);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                int magic = in.readInt();
                if (magic != MAGIC) {
                    throw new HandshakeException("handshake magic: expected 0x" + Integer.toHexString(MAGIC)
                            + ", found 0x" + Integer.toHexString(magic));
                }
                byte[] clientNonce = new byte[NONCE_BYTES];
                in.readFully(clientNonce);
                byte[] serverNonce = RunSecret.randomBytes(NONCE_BYTES);
                out.writeInt(MAGIC);
                out.write(serverNonce);
                out.write(security.secret().mac("server proof", bound, clientNonce, serverNonce));
                out.flush();
                byte[] clientProof = new byte[MAC_BYTES];
                in.readFully(clientProof);
                if (!MessageDigest.isEqual(clientProof,
                        security.secret().mac("client proof", bound, clientNonce, serverNonce))) {
                    throw new HandshakeException("the client's proof does not match this run's secret");
                }
                return link(socket, security, bound, clientNonce, serverNonce, false);
            } catch (HandshakeException e) {
                closeQuietly(socket);
                throw e;
            } catch (IOException e) {
                closeQuietly(socket);
                throw failed(socket, deadline, timeoutMillis, e);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }

    private static String bind(Security security, String context) {
        return context + (security.encrypt() ? "; frames encrypted" : "; frames in clear");
    }

    private static Link link(Socket socket, Security security, String bound, byte[] clientNonce, byte[] serverNonce,
                             boolean client) throws IOException {
        if (!security.encrypt()) {
            return Link.plain(socket);
        }
        byte[] toServer = security.secret().mac("client to server key", bound, clientNonce, serverNonce);
        byte[] toClient = security.secret().mac("server to client key", bound, clientNonce, serverNonce);
        return client ? Link.encrypted(socket, toClient, toServer) : Link.encrypted(socket, toServer, toClient);
    }

    private static HandshakeException failed(Socket socket, Watchdog.Armed deadline, long timeoutMillis,
                                             IOException e) {
        if (deadline.fired() || e instanceof SocketTimeoutException) {
            return new HandshakeException("the handshake with " + socket.getRemoteSocketAddress()
                    + " did not finish within " + timeoutMillis + " ms", e);
        }
        if (e instanceof EOFException) {
            return new HandshakeException("the peer at " + socket.getRemoteSocketAddress() + " closed the connection "
                    + "during the handshake: it does not know this run's secret, belongs to another stage attempt, "
                    + "or disagrees on encryption", e);
        }
        return new HandshakeException("the handshake with " + socket.getRemoteSocketAddress() + " failed: " + e, e);
    }
}
