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
 *   client → server   MAGIC, nonce_c (32 random bytes), roles (client rank, server rank, ranks: 3 ints)
 *   server → client   MAGIC, nonce_s (32 random bytes),
 *                     HMAC(secret, "server proof", context, nonce_c, nonce_s, roles)
 *   client → server   HMAC(secret, "client proof", context, nonce_c, nonce_s, roles)
 * </pre>
 * Each end checks the other's MAC in constant time ({@link MessageDigest#isEqual}) against the one it
 * computes itself. A fresh nonce from each end makes a recorded exchange worthless (replayed to a server,
 * its proof does not cover the server's new nonce; to a client, likewise); the labels keep one
 * direction's proof from being reflected as the other's; the context (the coordinator, or one stage
 * attempt's exchange, and whether frames are encrypted) keeps a connection meant for one purpose from
 * being accepted by another. The {@link Roles} are bound the same way: the server computes both MACs with
 * its own rank and count of ranks in place of the ones the client sent, and the client with the rank it
 * meant to reach, so a connection relayed to another rank, or a client claiming another rank than the
 * one it proves, fails a proof. Every read has a fixed length, so nothing a stranger sends sizes an
 * allocation, and the whole handshake has one deadline. A server that refuses closes the socket and
 * says nothing: a stranger learns no stage number, rank or reason.
 *
 * <p>Both ends then derive one key per direction from the secret, both nonces and the roles (fresh per
 * connection), and every frame the {@link Link} carries is authenticated with AES-GCM under them:
 * encrypted too when the run encrypts, in clear but with its tag otherwise ({@link GcmOutputStream}).
 */
public final class Handshake {
    /** "PAH2": the protocol and its version (2: roles bound, frames always authenticated). */
    static final int MAGIC = 0x50414832;
    static final int NONCE_BYTES = 32;
    static final int MAC_BYTES = 32;

    private Handshake() {
    }

    /**
     * The connecting end: proves itself, as {@code roles.client()}, to the server at the other end of
     * {@code socket}, and checks it is {@code roles.server()} and knows the secret; on any failure the
     * socket is closed.
     */
    public static Link connect(Socket socket, Security security, String context, Roles roles, long timeoutMillis)
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
                out.write(roles.bytes());
                out.flush();
                int magic = in.readInt();
                if (magic != MAGIC) {
                    throw new HandshakeException("the peer at " + socket.getRemoteSocketAddress()
                            + " is not a paramavg task or coordinator of this version: handshake magic expected 0x"
                            + Integer.toHexString(MAGIC) + ", found 0x" + Integer.toHexString(magic));
                }
                byte[] serverNonce = new byte[NONCE_BYTES];
                in.readFully(serverNonce);
                byte[] serverProof = new byte[MAC_BYTES];
                in.readFully(serverProof);
                if (!MessageDigest.isEqual(serverProof,
                        security.secret().mac("server proof", bound, clientNonce, serverNonce, roles.bytes()))) {
                    throw new HandshakeException("the peer at " + socket.getRemoteSocketAddress()
                            + " did not prove it knows this run's secret and is " + whom(roles.server()) + " of "
                            + roles.ranks());
                }
                out.write(security.secret().mac("client proof", bound, clientNonce, serverNonce, roles.bytes()));
                out.flush();
                return link(socket, security, bound, clientNonce, serverNonce, roles, true);
            } catch (HandshakeException e) {
                closeQuietly(socket);
                throw e;
            } catch (IOException e) {
                closeQuietly(socket);
                throw failed(socket, deadline, timeoutMillis, e);
            }
        }
    }

    /**
     * The accepting end, as {@code role}: checks the client's proof for the rank it claims and this end's
     * rank, proves itself; on any failure the socket is closed. The client's opening bytes must arrive
     * within {@code openingMillis} (a real peer sends them as soon as it connects) and the whole
     * handshake within {@code timeoutMillis}.
     */
    public static Link accept(Socket socket, Security security, String context, ServerRole role, long openingMillis,
                              long timeoutMillis) throws IOException {
        String bound = bind(security, context);
        long opening = Math.min(openingMillis, timeoutMillis);
        boolean opened = false;
        Watchdog.Armed openingDeadline = Watchdog.arm(opening, socket);
        try (Watchdog.Armed deadline = Watchdog.arm(timeoutMillis, socket)) {
            try {
                socket.setSoTimeout((int) opening);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                int magic = in.readInt();
                if (magic != MAGIC) {
                    throw new HandshakeException("handshake magic: expected 0x" + Integer.toHexString(MAGIC)
                            + ", found 0x" + Integer.toHexString(magic));
                }
                byte[] clientNonce = new byte[NONCE_BYTES];
                in.readFully(clientNonce);
                Roles roles = new Roles(in.readInt(), in.readInt(), in.readInt()).asSeenBy(role.rank(), role.ranks());
                opened = true;
                openingDeadline.disarm();
                socket.setSoTimeout((int) timeoutMillis);
                byte[] serverNonce = RunSecret.randomBytes(NONCE_BYTES);
                out.writeInt(MAGIC);
                out.write(serverNonce);
                out.write(security.secret().mac("server proof", bound, clientNonce, serverNonce, roles.bytes()));
                out.flush();
                byte[] clientProof = new byte[MAC_BYTES];
                in.readFully(clientProof);
                if (!MessageDigest.isEqual(clientProof,
                        security.secret().mac("client proof", bound, clientNonce, serverNonce, roles.bytes()))) {
                    throw new HandshakeException("the client's proof does not match this run's secret and "
                            + whom(role.rank()) + (role.ranks() < 0 ? "" : " of " + role.ranks()));
                }
                return link(socket, security, bound, clientNonce, serverNonce, roles, false);
            } catch (HandshakeException e) {
                closeQuietly(socket);
                throw e;
            } catch (IOException e) {
                closeQuietly(socket);
                if (!opened && (openingDeadline.fired() || e instanceof SocketTimeoutException)) {
                    throw new HandshakeException("the peer at " + socket.getRemoteSocketAddress() + " did not send "
                            + "its handshake's opening bytes within " + opening + " ms", e);
                }
                throw failed(socket, deadline, timeoutMillis, e);
            }
        } finally {
            openingDeadline.disarm();
        }
    }

    private static String whom(int rank) {
        return rank == Roles.COORDINATOR ? "the coordinator" : "rank " + rank;
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
                             Roles roles, boolean client) throws IOException {
        byte[] toServer = security.secret().mac("client to server key", bound, clientNonce, serverNonce,
                roles.bytes());
        byte[] toClient = security.secret().mac("server to client key", bound, clientNonce, serverNonce,
                roles.bytes());
        return client ? Link.framed(socket, toClient, toServer, security.encrypt(), roles, true)
                : Link.framed(socket, toServer, toClient, security.encrypt(), roles, false);
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
