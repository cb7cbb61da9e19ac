package io.paramavg.driver.data;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.testing.IdxFixtures;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataFilesTest {
    private static final HadoopConf CONF = new HadoopConf(new Configuration());

    private static DataConfig folder(Path dir) {
        return new DataConfig(dir.toString(), "", "", "", "", 0);
    }

    @Test
    void findsStandardNamesPlainOrGzipWithT10kOrTestPrefix(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.images(4, 5, 3, 1)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFixtures.labels((byte) 0, (byte) 1, (byte) 2, (byte) 1));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFixtures.images(2, 5, 3, 2));
        Files.write(dir.resolve("test-labels-idx1-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.labels((byte) 2, (byte) 0)));
        DataFiles files = DataFiles.resolve(folder(dir), CONF);
        assertEquals("t10k-images-idx3-ubyte", files.test().images().name());
        assertEquals("test-labels-idx1-ubyte.gz", files.test().labels().name());

        LoadedData data = IdxLoader.load(files, 0, CONF);
        assertEquals(4, data.train().count());
        assertEquals(5, data.train().rows());
        assertEquals(3, data.train().columns());
        assertEquals(3, data.train().classes());
        assertEquals(4, data.sha256().size());
    }

    @Test
    void aFolderWithoutTheFilesSaysWhichNamesItExpectsAndWhatItFound(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.resolve(folder(dir), CONF));
        assertEquals(dir + ": file names: expected a file named train-images-idx3-ubyte (optionally .gz), "
                + "found only notes.txt", e.getMessage());
    }

    @Test
    void aMissingFolderIsADataError(@TempDir Path dir) {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataFiles.resolve(folder(dir.resolve("nope")), CONF));
        assertTrue(e.getMessage().endsWith("data.dir: expected a folder of MNIST-named IDX files, found no such folder"),
                e.getMessage());
    }

    @Test
    void theTestSetCannotBeTheTrainingSet(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte");
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.write(images, IdxFixtures.images(2, 2, 2, 1));
        Files.write(labels, IdxFixtures.labels((byte) 0, (byte) 1));
        DataConfig config = new DataConfig(dir.toString(), "", "", images.toString(), labels.toString(), 0);
        ConfigException e = assertThrows(ConfigException.class, () -> DataFiles.resolve(config, CONF));
        assertTrue(e.getMessage().startsWith("the test set must be held out"), e.getMessage());
    }

    @Test
    void embeddedSampleResolvesAndLoads() throws IOException {
        LoadedData data = IdxLoader.load(DataFiles.resolve(new DataConfig("embedded", "", "", "", "", 0), CONF), 0,
                CONF);
        assertEquals(8000, data.train().count());
        assertEquals(2000, data.test().count());
        assertEquals(10, data.train().classes());
        assertEquals("dbc04d29d05e4c9225454f108d630e509f095315d2cd5488da3a0ad798d3775c",
                data.sha256().get("embedded:train-images-idx3-ubyte.gz"));
    }
}
