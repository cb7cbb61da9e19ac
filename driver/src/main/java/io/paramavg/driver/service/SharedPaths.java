package io.paramavg.driver.service;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.DataFile;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.spark.SparkContexts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * On a cluster the executors read the input files themselves, and the driver that writes the
 * outputs may run on any host (cluster deploy mode): a path on one host's local disk would be
 * missing elsewhere. The throw-away cluster on 127.0.0.1 is one host, so its paths are shared; so
 * are any the caller vouches for ({@code --shared-paths}).
 */
final class SharedPaths {
    private final TrainingRequest request;
    private final RunOutput output;
    private final HadoopConf conf;

    SharedPaths(TrainingRequest request, RunOutput output, HadoopConf conf) {
        this.request = request;
        this.output = output;
        this.conf = conf;
    }

    /** The paths a table run reads: data.dir and data.test (data.validation is checked for either kind). */
    static List<DataFile> tableInputs(RunConfig config) {
        List<DataFile> inputs = new ArrayList<>(List.of(new DataFile(config.data().dir())));
        if (!config.tables().test().isEmpty()) {
            inputs.add(new DataFile(config.tables().test()));
        }
        return inputs;
    }

    /** Refuses a local --out, or a local one of {@code dataInputs} or data.validation, on a cluster. */
    void require(List<DataFile> dataInputs) throws IOException {
        String master = SparkContexts.effectiveMaster(request.master());
        if (request.sharedPaths() || SparkContexts.allOnThisHost(master)) {
            return;
        }
        String fix = "; use a shared file system (hdfs://..., s3a://...), or pass --shared-paths if it is a mount "
                + "every host shares";
        if (output.isLocal()) {
            throw new ConfigException("--out " + output.folder() + " is on this host's local disk, but master " + master
                    + " can run the driver on another host" + fix);
        }
        List<DataFile> inputs = new ArrayList<>(dataInputs);
        String validation = request.config().validation().data();
        if (!validation.isEmpty()) {
            inputs.add(new DataFile(validation));
        }
        for (DataFile file : inputs) {
            if (file.isLocal(conf)) {
                throw new ConfigException("--data file " + file + " is on this host's local disk, but the executors of "
                        + master + " read it on their own hosts" + fix);
            }
        }
    }
}
