package io.paramavg.worker.link;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A connection whose other end proved it knows the run's secret and holds the {@link Roles} bound into
 * its handshake: its socket and its data streams, AES-GCM frames over it, encrypted when the run
 * encrypts and authenticated always ({@link GcmOutputStream}).
 */
public final class Link implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Roles roles;
    private final boolean client;

    private Link(Socket socket, DataInputStream in, DataOutputStream out, Roles roles, boolean client) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.roles = roles;
        this.client = client;
    }

    /**
     * Frames over {@code socket}, with one key for what this end reads and one for what it writes,
     * encrypted or only authenticated; {@code client}: this end connected.
     */
    static Link framed(Socket socket, byte[] readKey, byte[] writeKey, boolean encrypt, Roles roles, boolean client)
            throws IOException {
        InputStream raw = new BufferedInputStream(socket.getInputStream(), BUFFER);
        OutputStream sealed = new BufferedOutputStream(socket.getOutputStream(), GcmOutputStream.FRAME + 64);
        return new Link(socket, new DataInputStream(new GcmInputStream(raw, readKey, encrypt)),
                new DataOutputStream(new GcmOutputStream(sealed, writeKey, encrypt)), roles, client);
    }

    /** The ranks the handshake bound: this end's and the other's, and their count. */
    public Roles roles() {
        return roles;
    }

    /** The other end's rank, as the handshake proved it ({@link Roles#COORDINATOR} for the coordinator). */
    public int peerRank() {
        return client ? roles.server() : roles.client();
    }

    public Socket socket() {
        return socket;
    }

    public DataInputStream in() {
        return in;
    }

    public DataOutputStream out() {
        return out;
    }

    /** The other end, for messages. */
    public String remote() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }
}
