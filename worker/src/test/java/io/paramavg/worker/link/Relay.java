package io.paramavg.worker.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Someone on the path, on loopback: accepts one connection and relays it to {@code target}, byte for
 * byte, except that from byte {@code from} of what the client sends it either flips that one byte or
 * sends everything from there back to the client instead of on to the server. It records what the
 * client sent.
 */
final class Relay implements AutoCloseable {
    /** What the relay does to the client's bytes from the chosen offset on. */
    enum Mode {
        FORWARD, FLIP, REFLECT
    }

    private final ServerSocket listener;
    private final int target;
    private final Mode mode;
    private final long from;
    private final java.io.ByteArrayOutputStream recorded = new java.io.ByteArrayOutputStream();
    private volatile Socket client;
    private volatile Socket server;

    Relay(int target, Mode mode, long from) throws IOException {
        this.listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.target = target;
        this.mode = mode;
        this.from = from;
        Thread thread = new Thread(this::run, "test-relay");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** What the client has sent so far, as it left the client. */
    byte[] recorded() {
        synchronized (recorded) {
            return recorded.toByteArray();
        }
    }

    private void run() {
        try {
            client = listener.accept();
            server = new Socket(InetAddress.getLoopbackAddress(), target);
            InputStream answers = server.getInputStream();
            OutputStream toClient = client.getOutputStream();
            Thread back = new Thread(() -> pump(answers, toClient), "test-relay-back");
            back.setDaemon(true);
            back.start();
            InputStream in = client.getInputStream();
            OutputStream onward = server.getOutputStream();
            OutputStream reflected = toClient;
            long offset = 0;
            for (int b = in.read(); b >= 0; b = in.read(), offset++) {
                synchronized (recorded) {
                    recorded.write(b);
                }
                if (offset >= from && mode == Mode.REFLECT) {
                    synchronized (reflected) {
                        reflected.write(b);
                    }
                } else {
                    onward.write(offset == from && mode == Mode.FLIP ? b ^ 0x01 : b);
                }
            }
        } catch (IOException e) {
            // One end closed: the relay is done.
        } finally {
            close();
        }
    }

    private static void pump(InputStream in, OutputStream out) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // One end closed: the relay is done.
        }
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {listener, client, server}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // Nothing more to release.
            }
        }
    }
}
