package io.paramavg.e2e;

import io.paramavg.worker.exchange.CoordinatorClient;
import io.paramavg.worker.link.Handshake;
import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A hostile process on a host of its own ({@code StrangerMain PORTS_FILE}): over and over it reads the
 * {@code host:port} lines of the file (the test keeps it up to date with what the run's driver and
 * executors listen on) and pokes each with a forged handshake (another secret), the old plain
 * registration for stage 1 rank 0, random bytes, a length field as large as it gets, or silence. It
 * prints one {@code POKED host:port} line per connection it made.
 */
public final class StrangerMain {
    private StrangerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path ports = Path.of(args[0]);
        Random random = new Random(13);
        int kind = 0;
        while (true) {
            List<String> targets = Files.exists(ports) ? Files.readAllLines(ports) : List.of();
            for (String target : targets) {
                int colon = target.lastIndexOf(':');
                if (colon > 0) {
                    poke(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)), kind++ % 5, random);
                }
            }
            Thread.sleep(20);
        }
    }

    private static void poke(String host, int port, int kind, Random random) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            System.out.println("POKED " + host + ":" + port);
            switch (kind) {
                case 0 -> {
                    try {
                        Handshake.connect(socket, new Security(RunSecret.generate(), false), CoordinatorClient.CONTEXT,
                                1000);
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
                default -> Thread.sleep(50);
            }
            socket.setSoTimeout(200);
            socket.getInputStream().read();
        } catch (IOException | InterruptedException expected) {
            // Refused, reset or timed out: all a stranger may get.
        }
    }
}
