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
 * A connection whose other end proved it knows the run's secret: its socket and its data streams,
 * which are the socket's own (buffered) or, when the run encrypts, AES-GCM frames over it.
 */
public final class Link implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private Link(Socket socket, DataInputStream in, DataOutputStream out) {
        this.socket = socket;
        this.in = in;
        this.out = out;
    }

    /** Plain streams over {@code socket}. */
    static Link plain(Socket socket) throws IOException {
        return new Link(socket, new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER)),
                new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER)));
    }

    /** AES-GCM frames over {@code socket}, with one key for what this end reads and one for what it writes. */
    static Link encrypted(Socket socket, byte[] readKey, byte[] writeKey) throws IOException {
        InputStream raw = new BufferedInputStream(socket.getInputStream(), BUFFER);
        OutputStream sealed = new BufferedOutputStream(socket.getOutputStream(), GcmOutputStream.FRAME + 64);
        return new Link(socket, new DataInputStream(new GcmInputStream(raw, readKey)),
                new DataOutputStream(new GcmOutputStream(sealed, writeKey)));
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
