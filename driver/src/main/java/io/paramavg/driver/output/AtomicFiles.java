package io.paramavg.driver.output;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.UUID;

/**
 * Whole-file writes that a crash cannot leave half done: the content goes to a hidden temporary
 * file beside the target, which is then renamed over it. FileContext's overwriting rename replaces
 * the target atomically on HDFS and local disks, so readers see the old file or the new one, never
 * neither. (On object stores such as S3A a rename is a copy; there this is only as safe as the store.)
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code target}, replacing what is there. */
    public static void write(FileSystem fs, Path target, RunOutput.Content content) throws IOException {
        fs.mkdirs(target.getParent());
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs.create(temporary, false)) {
                content.writeTo(out);
            }
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temporary, target, Options.Rename.OVERWRITE);
        } finally {
            if (fs.exists(temporary)) {
                fs.delete(temporary, false);
            }
        }
    }
}
