package io.paramavg.ml;

import io.paramavg.driver.testing.Golden;
import io.paramavg.worker.data.DataFormatException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ParamAvgClassificationModel#fromModelZip}: a model.zip that {@code paramavg train} wrote (golden
 * fixtures of older builds) becomes a Spark ML model with its shape, labels and bytes; one with an entry
 * paramavg never writes is refused as the command line refuses it, before DL4J reads it.
 */
class FromModelZipTest {
    @TempDir
    Path dir;

    @Test
    void aGoldenImageModelBecomesASparkMlModelWithItsShapeAndItsBytes() throws IOException {
        Path zip = Golden.path("format2-model/model.zip");
        ParamAvgClassificationModel model = ParamAvgClassificationModel.fromModelZip(zip.toString(),
                new Configuration());
        assertEquals(784, model.numFeatures());
        assertEquals(10, model.numClasses());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), model.labels());
        assertArrayEquals(Files.readAllBytes(zip), model.modelZip());
    }

    @Test
    void aGoldenTableModelKeepsItsLabels() {
        ParamAvgClassificationModel model = ParamAvgClassificationModel.fromModelZip(
                Golden.path("unnumbered-table-model/model.zip").toString(), new Configuration());
        assertEquals(List.of("ant", "bee", "cat"), model.labels());
        assertEquals(4, model.numFeatures());
    }

    @Test
    void anArchiveWithAnEntryParamavgNeverWritesIsRefusedBeforeDl4jReadsIt() throws IOException {
        Path hostile = dir.resolve("model.zip");
        Files.write(hostile, withEntry(Files.readAllBytes(Golden.path("format2-model/model.zip")), "preprocessor.bin"));
        ParamAvgClassificationModel model = ParamAvgClassificationModel.fromModelZip(hostile.toString(),
                new Configuration());
        DataFormatException e = assertThrows(DataFormatException.class, model::numClasses);
        assertTrue(e.getMessage().contains(": entry preprocessor.bin: expected only the entries paramavg writes"),
                e.getMessage());
    }

    private static byte[] withEntry(byte[] zip, String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(name));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
