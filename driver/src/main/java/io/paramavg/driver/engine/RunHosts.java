package io.paramavg.driver.engine;

import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The addresses a run's tasks connect to the coordinator from: every address of the hosts Spark reports
 * executors on, and every address of the driver's own machine (in local mode, and for an executor beside
 * the driver). A connection from anywhere else is a stranger's, refused before it is read. Executors come
 * and go (a lost one is replaced, possibly on another host), so an address not in the set makes the set be
 * read again from Spark, at most once per {@link #REFRESH_MILLIS}: a stranger's flood costs a lookup a
 * second, not one per connection, and a new executor waits at most that long (its task dials again).
 */
final class RunHosts implements Predicate<InetAddress> {
    static final long REFRESH_MILLIS = 1_000;

    private final Supplier<Set<String>> executorHosts;
    private final LongSupplier clock;
    private volatile Set<InetAddress> admitted;
    private long refreshedAt;

    RunHosts(Supplier<Set<String>> executorHosts, LongSupplier clockMillis) {
        this.executorHosts = executorHosts;
        this.clock = clockMillis;
        this.admitted = resolve();
        this.refreshedAt = clock.getAsLong();
    }

    /** The hosts of {@code sc}'s executors, as its status tracker reports them. */
    static RunHosts of(SparkContext sc) {
        return new RunHosts(() -> {
            Set<String> hosts = new HashSet<>();
            for (SparkExecutorInfo executor : sc.statusTracker().getExecutorInfos()) {
                hosts.add(executor.host());
            }
            return hosts;
        }, System::currentTimeMillis);
    }

    @Override
    public boolean test(InetAddress address) {
        if (admitted.contains(address) || address.isLoopbackAddress()) {
            return true;
        }
        synchronized (this) {
            long now = clock.getAsLong();
            if (now - refreshedAt >= REFRESH_MILLIS) {
                refreshedAt = now;
                admitted = resolve();
            }
        }
        return admitted.contains(address);
    }

    private Set<InetAddress> resolve() {
        Set<InetAddress> addresses = new HashSet<>(thisMachine());
        for (String host : executorHosts.get()) {
            try {
                Collections.addAll(addresses, InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                // An executor whose host name does not resolve here cannot be told apart from a stranger by
                // address: its task's connections are refused (logged with their address) and the stage fails
                // at the rendezvous, as it would for any task that cannot reach the coordinator.
            }
        }
        return Set.copyOf(addresses);
    }

    private static Set<InetAddress> thisMachine() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // Loopback is admitted anyway; the other local addresses then count as executors' or not.
        }
        return addresses;
    }
}
