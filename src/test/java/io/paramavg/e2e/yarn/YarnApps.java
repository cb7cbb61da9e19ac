package io.paramavg.e2e.yarn;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

import java.io.IOException;
import java.util.List;

/**
 * What the ResourceManager says about applications, through the same client API that {@code yarn application}
 * and schedulers use: an application's report (state, final status, diagnostics), its containers, and a
 * container killed the way YARN kills one (the ResourceManager tells the NodeManager, which sends SIGKILL).
 */
final class YarnApps implements AutoCloseable {
    private final YarnClient client;

    YarnApps(Configuration conf) {
        client = YarnClient.createYarnClient();
        client.init(conf);
        client.start();
    }

    /**
     * The one application tagged {@code tag} ({@code spark.yarn.tags}; each run in these tests has its own). Not
     * found by name: in client mode the driver names the application itself.
     */
    ApplicationReport tagged(String tag) throws IOException, YarnException {
        List<ApplicationReport> found = client.getApplications().stream()
                .filter(report -> report.getApplicationTags().contains(tag)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " applications tagged " + tag + " (expected 1)");
        }
        return found.get(0);
    }

    /** The container of the application's current attempt that runs its ApplicationMaster (in cluster mode, the driver). */
    ContainerId masterContainer(ApplicationReport app) throws IOException, YarnException {
        return client.getApplicationAttemptReport(app.getCurrentApplicationAttemptId()).getAMContainerId();
    }

    /** The running containers of the application's current attempt other than its ApplicationMaster's: executors. */
    List<ContainerId> runningExecutors(ApplicationReport app) throws IOException, YarnException {
        ContainerId master = masterContainer(app);
        return client.getContainers(app.getCurrentApplicationAttemptId()).stream()
                .filter(container -> container.getContainerState() == ContainerState.RUNNING)
                .map(ContainerReport::getContainerId).filter(id -> !id.equals(master)).toList();
    }

    /** Kills the container's process at once, as YARN does when it pre-empts a container or loses its node. */
    void kill(ContainerId container) throws IOException, YarnException {
        client.signalToContainer(container, SignalContainerCommand.FORCEFUL_SHUTDOWN);
    }

    @Override
    public void close() {
        client.stop();
    }
}
