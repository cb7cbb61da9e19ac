package io.paramavg.driver.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Hadoop {@link Configuration} that can travel to executors inside a task closure (Hadoop's is
 * Writable, not Serializable). Carrying the driver's configuration means credentials and file
 * system settings given to Spark ({@code spark.hadoop.*}) reach the executors' reads too.
 *
 * <p>Only the entries that differ from Hadoop's defaults travel, and each executor JVM builds the
 * configuration for a given set of them once. The shard RDDs' lineage holds this object, so every
 * round's tasks carry it: shipping the whole configuration cost about 30 KB and 10 ms of
 * deserialisation per task, per round.
 */
public final class HadoopConf implements Serializable {
    private static final long serialVersionUID = 2L;
    /** Configurations built on this JVM, by the overrides they were built from. */
    private static final Map<Map<String, String>, Configuration> BUILT = new ConcurrentHashMap<>();
    private static volatile Configuration defaults;

    private transient Configuration configuration;
    private transient Map<String, String> overrides;

    public HadoopConf(Configuration configuration) {
        this.configuration = configuration;
    }

    /** Hadoop settings as Spark would give them: spark.hadoop.* entries (from spark-submit or -D) applied. */
    public static Configuration fromSpark() {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> entry : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
            conf.set(entry._1(), entry._2());
        }
        return conf;
    }

    public Configuration get() {
        return configuration;
    }

    /** The entries of the configuration that a fresh {@code new Configuration()} does not have. */
    private Map<String, String> overrides() {
        if (overrides == null) {
            Configuration base = defaults();
            Map<String, String> different = new TreeMap<>();
            for (Map.Entry<String, String> entry : configuration) {
                if (!entry.getValue().equals(base.getRaw(entry.getKey()))) {
                    different.put(entry.getKey(), entry.getValue());
                }
            }
            overrides = different;
        }
        return overrides;
    }

    private static Configuration defaults() {
        if (defaults == null) {
            defaults = new Configuration();
        }
        return defaults;
    }

    private static Configuration build(Map<String, String> overrides) {
        Configuration built = new Configuration();
        overrides.forEach(built::set);
        return built;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeObject(overrides());
    }

    @SuppressWarnings("unchecked")
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        overrides = (Map<String, String>) in.readObject();
        configuration = BUILT.computeIfAbsent(overrides, HadoopConf::build);
    }
}
