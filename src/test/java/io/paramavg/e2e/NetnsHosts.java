package io.paramavg.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts on separate addresses of one Linux machine: a network namespace per host, each with an
 * {@code eth0} (one end of a veth pair) whose other end sits on a bridge in a hub namespace of its own,
 * so that nothing of the machine's own network is touched. Host {@code i} has address
 * {@code 10.77.0.(i+1)/24}. Needs root (CI runs as root) and a kernel with namespaces, veth and bridges.
 */
final class NetnsHosts implements AutoCloseable {
    private final String prefix;
    private final int count;
    private final List<String> created = new ArrayList<>();

    private NetnsHosts(String prefix, int count) {
        this.prefix = prefix;
        this.count = count;
    }

    /** {@code count} hosts, or why they cannot be made here. */
    static Hosts create(int count) {
        // Names unique on the machine: other test runs may make theirs at the same time.
        NetnsHosts hosts = new NetnsHosts("pa" + ProcessHandle.current().pid() % 100_000, count);
        try {
            String hub = hosts.namespace("hub");
            hosts.make(hub);
            run("ip", "-n", hub, "link", "set", "lo", "up");
            run("ip", "-n", hub, "link", "add", "br0", "type", "bridge");
            run("ip", "-n", hub, "link", "set", "br0", "up");
            for (int i = 0; i < count; i++) {
                String ns = hosts.name(i);
                hosts.make(ns);
                String peer = "h" + i;
                run("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", peer, "netns", hub);
                run("ip", "-n", ns, "addr", "add", hosts.address(i) + "/24", "dev", "eth0");
                run("ip", "-n", ns, "link", "set", "eth0", "up");
                run("ip", "-n", ns, "link", "set", "lo", "up");
                run("ip", "-n", hub, "link", "set", peer, "master", "br0");
                run("ip", "-n", hub, "link", "set", peer, "up");
            }
            return new Hosts(Optional.of(hosts), "");
        } catch (IOException | InterruptedException | RuntimeException e) {
            hosts.close();
            return new Hosts(Optional.empty(), e.getMessage());
        }
    }

    /** The hosts, or the reason there are none. */
    record Hosts(Optional<NetnsHosts> hosts, String whyNot) {
    }

    private String namespace(String suffix) {
        return prefix + "-" + suffix;
    }

    /** Host {@code i}'s namespace. */
    String name(int i) {
        return namespace("h" + i);
    }

    /** Host {@code i}'s address. */
    String address(int i) {
        return "10.77.0." + (i + 1);
    }

    /** {@code command} run on host {@code i}. */
    List<String> on(int i, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name(i)));
        full.addAll(command);
        return full;
    }

    /** Takes host {@code i}'s link down or up, as a pulled cable or a failed switch port would. */
    void link(int i, boolean up) throws IOException, InterruptedException {
        run("ip", "-n", name(i), "link", "set", "eth0", up ? "up" : "down");
    }

    /**
     * Makes host {@code i}'s link lossy and slow with {@code tc netem} ({@code loss} percent of packets
     * dropped, {@code delayMillis} added each way); returns why not where the kernel has no netem.
     */
    Optional<String> impair(int i, double loss, int delayMillis) throws InterruptedException {
        try {
            run("tc", "-n", name(i), "qdisc", "add", "dev", "eth0", "root", "netem", "loss", loss + "%", "delay",
                    delayMillis + "ms");
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Takes {@link #impair}'s rule off again. */
    void repair(int i) throws IOException, InterruptedException {
        run("tc", "-n", name(i), "qdisc", "del", "dev", "eth0", "root");
    }

    private void make(String ns) throws IOException, InterruptedException {
        run("ip", "netns", "add", ns);
        created.add(ns);
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
        }
    }

    /** Deletes the namespaces (and with them their links); processes in them must be stopped first. */
    @Override
    public void close() {
        for (String ns : created) {
            try {
                run("ip", "netns", "del", ns);
            } catch (IOException | InterruptedException e) {
                System.err.println("could not delete network namespace " + ns + ": " + e.getMessage());
            }
        }
        created.clear();
    }
}
