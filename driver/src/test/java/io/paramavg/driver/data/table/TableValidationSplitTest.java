package io.paramavg.driver.data.table;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.Shard;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train.validation-fraction on a table, on real shards in local[2]: a CSV folder of three part files
 * (three partitions) whose first feature is each row's id, cut into training, validation and test
 * shards, and the ids of each set compared.
 */
class TableValidationSplitTest {
    private static final int ROWS = 900;

    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("paramavg-table-validation-split")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Files.createDirectories(dir.resolve("rows"));
        for (int part = 0; part < 3; part++) {
            StringBuilder text = new StringBuilder("label,id,y\n");
            for (int i = part * ROWS / 3; i < (part + 1) * ROWS / 3; i++) {
                text.append(i % 3).append(',').append(i).append(",1\n");
            }
            Files.writeString(dir.resolve("rows").resolve("part-" + part + ".csv"), text.toString());
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The three sets' row ids of a run with {@code seed} and {@code validation} held out, and its data. */
    private record Sets(Set<Integer> train, Set<Integer> validation, Set<Integer> test, LoadedData data) {
    }

    private static Sets cut(long seed, double validation) {
        RunConfig config = RunConfig.from(Settings.defaults()
                .with(ConfigKey.DATA_DIR, dir.resolve("rows").toString())
                .with(ConfigKey.DATA_TEST_FRACTION, "0.2")
                .with(ConfigKey.DATA_NORMALIZE, "none")
                .with(ConfigKey.TRAIN_SEED, String.valueOf(seed))
                .with(ConfigKey.TRAIN_VALIDATION_FRACTION, String.valueOf(validation)));
        LoadedData data = TableData.load(sc, config, TableConfig.Format.CSV);
        JavaRDD<Shard> validationShards = data.shards().validation(sc, 2, seed, validation);
        return new Sets(ids(data.shards().training(sc, 3, 2, seed, validation)),
                validationShards == null ? Set.of() : ids(validationShards), ids(data.shards().test(sc, 2)), data);
    }

    private static Set<Integer> ids(JavaRDD<Shard> shards) {
        Set<Integer> ids = new TreeSet<>();
        for (Shard shard : shards.collect()) {
            for (int i = 0; i < shard.data().count(); i++) {
                assertTrue(ids.add((int) shard.data().feature(i, 0)), "a row in two shards of one set");
            }
        }
        shards.unpersist(false);
        return ids;
    }

    @Test
    void theValidationRowsAreASeededSampleOfTheTrainingRowsDisjointFromTrainingAndTest() {
        Sets sets = cut(42, 0.25);
        Set<Integer> all = new TreeSet<>(sets.train());
        all.addAll(sets.validation());
        all.addAll(sets.test());
        assertEquals(ROWS, sets.train().size() + sets.validation().size() + sets.test().size(), "disjoint");
        assertEquals(ROWS, all.size(), "every row in one set");
        LoadedData data = sets.data();
        assertEquals(sets.train().size() + sets.validation().size(), data.train().count());
        assertEquals(sets.train().size(), data.trainingRecords(0.25), "the count the engine's schedule is cut for");
        assertEquals(sets.test().size(), data.test().count());
        // A quarter of the 720 or so training rows, within four standard deviations.
        int training = sets.train().size() + sets.validation().size();
        assertEquals(0.25 * training, sets.validation().size(), 4 * Math.sqrt(training * 0.25 * 0.75));

        Sets again = cut(42, 0.25);
        assertEquals(sets.validation(), again.validation(), "the same rows for the same seed");
        assertEquals(sets.train(), again.train());
        assertNotEquals(sets.validation(), cut(7, 0.25).validation(), "another seed, another sample");
        // Holding validation rows out never moves a test row: evaluate, which knows only the test split, agrees.
        Sets without = cut(42, 0);
        assertEquals(sets.test(), without.test());
        assertEquals(Set.of(), without.validation());
        Set<Integer> trainingRows = new TreeSet<>(sets.train());
        trainingRows.addAll(sets.validation());
        assertEquals(without.train(), trainingRows, "validation rows come out of the training rows only");
    }
}
