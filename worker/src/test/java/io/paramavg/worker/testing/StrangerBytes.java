package io.paramavg.worker.testing;

import io.paramavg.worker.exchange.CoordinatorClient;
import io.paramavg.worker.link.Handshake;
import io.paramavg.worker.link.Roles;
import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Random;

/**
 * What a hostile process sends to a paramavg listener, in {@link #KINDS} kinds: a handshake with the
 * wrong secret, a registration in the old clear-text format, random garbage, a length field far larger
 * than any model, or nothing at all. Shared by the in-process stranger and the one in its own process.
 */
public final class StrangerBytes {
    /** How many kinds of poke {@link #send} knows. */
    public static final int KINDS = 5;

    private StrangerBytes() {
    }

    /** Sends poke {@code kind} (0..{@link #KINDS}-1) on a connected {@code socket}; a refusal ends it quietly. */
    public static void send(Socket socket, String host, int kind, Random random)
            throws IOException, InterruptedException {
        switch (kind) {
            case 0 -> {
                try {
                    Handshake.connect(socket, new Security(RunSecret.generate(), false), CoordinatorClient.CONTEXT,
                            new Roles(0, Roles.COORDINATOR, 2), 1000);
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
    }
}
