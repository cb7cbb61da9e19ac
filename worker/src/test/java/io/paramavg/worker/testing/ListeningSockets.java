package io.paramavg.worker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP addresses a process listens on, read from Linux's /proc (no ss or netstat needed): the
 * socket inodes among its open file descriptors, matched with the LISTEN rows of /proc/net/tcp[6].
 */
public final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** {@code address:port} of every listening socket of process {@code pid}. */
    public static List<String> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // A descriptor closed while listing: not a listening socket we need.
                }
            }
        }
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", String.valueOf(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            // Read once: the table changes between two reads while the process opens and closes sockets.
            List<String> rows = Files.readAllLines(file);
            for (String row : rows.subList(1, rows.size())) {
                String[] fields = row.trim().split("\\s+");
                if (fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    addresses.add(decode(fields[1]));
                }
            }
        }
        return addresses;
    }

    /** The ports process {@code pid} listens on over TCP (the port part of {@link #of}). */
    public static Set<Integer> ports(long pid) throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (String address : of(pid)) {
            ports.add(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
        }
        return ports;
    }

    /** Whether {@code address} (as {@link #of} writes it) is 127.x.x.x or ::1. */
    public static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.startsWith("[::1]") || address.startsWith("[::ffff:127.");
    }

    /** /proc's hex {@code ADDRESS:PORT} (little-endian 32-bit words) as {@code a.b.c.d:port} or {@code [v6]:port}. */
    private static String decode(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String address = parts[0];
        if (address.length() == 8) {
            return ipv4(address) + ":" + port;
        }
        byte[] bytes = new byte[16];
        for (int word = 0; word < 4; word++) {
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) Integer.parseInt(address.substring(word * 8 + (3 - b) * 2,
                        word * 8 + (3 - b) * 2 + 2), 16);
            }
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= bytes[i] == 0;
        }
        mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        if (mapped) {
            return "[::ffff:" + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
                    + (bytes[15] & 0xff) + "]:" + port;
        }
        boolean loopback = bytes[15] == 1;
        for (int i = 0; i < 15; i++) {
            loopback &= bytes[i] == 0;
        }
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < 16; i += 2) {
            text.append(i == 0 ? "" : ":").append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
        }
        return (loopback ? "[::1" : text.toString()) + "]:" + port;
    }

    private static String ipv4(String hex) {
        int value = (int) Long.parseLong(hex, 16);
        return (value & 0xff) + "." + ((value >> 8) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >>> 24) & 0xff);
    }
}
