package io.paramavg.e2e;

import io.paramavg.worker.testing.StrangerBytes;

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
                    poke(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)), kind++ % StrangerBytes.KINDS, random);
                }
            }
            Thread.sleep(20);
        }
    }

    private static void poke(String host, int port, int kind, Random random) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            System.out.println("POKED " + host + ":" + port);
            StrangerBytes.send(socket, host, kind, random);
            socket.setSoTimeout(200);
            socket.getInputStream().read();
        } catch (IOException | InterruptedException expected) {
            // Refused, reset or timed out: all a stranger may get.
        }
    }
}
