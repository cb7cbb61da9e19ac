package io.paramavg.driver.checkpoint;

import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.model.ModelState;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The checkpoint file: a magic number and version, the position, the configuration, the state's
 * arrays, early stopping's best epoch, the block-momentum delta (version 3), and a CRC-32 of
 * everything before it. Reading validates each field and the checksum, and
 * never allocates from a length it has not checked against what is left of the file, so a damaged
 * checkpoint is an error naming the file and the field, not a resume from garbage.
 */
public final class CheckpointFormat {
    static final int MAGIC = 0x50414331; // "PAC1"
    static final int VERSION = 3;
    /** Version 1 had no early-stopping state: it reads as "no best epoch yet". */
    static final int VERSION_WITHOUT_BEST = 1;
    /** Version 2 had no block-momentum delta: it reads as none (its run averaged plainly). */
    static final int VERSION_WITHOUT_BLOCK_DELTA = 2;
    private static final int MAX_SETTINGS = 1_000;

    private CheckpointFormat() {
    }

    public static void write(Checkpoint checkpoint, OutputStream target) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(checkpoint.epoch());
        out.writeInt(checkpoint.nextRound());
        out.writeLong(checkpoint.roundsDone());
        out.writeDouble(checkpoint.epochLossSum());
        out.writeLong(checkpoint.epochExamples());
        out.writeInt(checkpoint.state().iteration());
        out.writeInt(checkpoint.state().epoch());
        out.writeInt(checkpoint.settings().size());
        for (Map.Entry<String, String> entry : checkpoint.settings().entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeUTF(entry.getValue());
        }
        writeFloats(out, checkpoint.state().parameters());
        writeFloats(out, checkpoint.state().updaterState());
        Checkpoint.Best best = checkpoint.best();
        out.writeInt(best.epoch());
        out.writeDouble(best.value());
        out.writeInt(best.epochsWithout());
        out.writeBoolean(best.state() != null);
        if (best.state() != null) {
            out.writeInt(best.state().iteration());
            out.writeInt(best.state().epoch());
            writeFloats(out, best.state().parameters());
            writeFloats(out, best.state().updaterState());
        }
        // Last, so that everything before it is laid out as in version 2.
        writeFloats(out, checkpoint.state().blockDelta());
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        buffer.writeTo(target);
    }

    /** Reads and validates a checkpoint; {@code name} is the file, for errors. */
    public static Checkpoint read(String name, InputStream source) throws IOException {
        byte[] bytes = source.readAllBytes();
        if (bytes.length < 8 + Long.BYTES) {
            throw new DataFormatException(name, "file length", "a paramavg checkpoint", bytes.length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        long stored = new DataInputStream(new ByteArrayInputStream(bytes, bytes.length - Long.BYTES, Long.BYTES))
                .readLong();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - Long.BYTES));
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new DataFormatException(name, "magic number", hex(MAGIC) + " (a paramavg checkpoint)", hex(magic));
        }
        int version = in.readInt();
        if (version < VERSION_WITHOUT_BEST || version > VERSION) {
            throw new DataFormatException(name, "format version", VERSION_WITHOUT_BEST + " to " + VERSION,
                    String.valueOf(version));
        }
        if (stored != crc.getValue()) {
            throw new DataFormatException(name, "checksum", hex(stored), hex(crc.getValue())
                    + " (the file is damaged; delete it to resume from the previous checkpoint)");
        }
        try {
            int epoch = nonNegative(name, "epoch", in.readInt());
            int nextRound = nonNegative(name, "next round", in.readInt());
            long roundsDone = in.readLong();
            double lossSum = in.readDouble();
            long examples = in.readLong();
            int iteration = nonNegative(name, "iteration", in.readInt());
            int stateEpoch = nonNegative(name, "state epoch", in.readInt());
            int count = in.readInt();
            if (count < 0 || count > MAX_SETTINGS) {
                throw new DataFormatException(name, "settings count", "0.." + MAX_SETTINGS, String.valueOf(count));
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                settings.put(in.readUTF(), in.readUTF());
            }
            float[] parameters = readFloats(name, "parameter count", in);
            float[] updater = readFloats(name, "updater state length", in);
            Checkpoint.Best best = version == VERSION_WITHOUT_BEST ? Checkpoint.Best.NONE : readBest(name, in);
            float[] blockDelta = version <= VERSION_WITHOUT_BLOCK_DELTA ? new float[0]
                    : readFloats(name, "block delta length", in);
            if (blockDelta.length != 0 && blockDelta.length != parameters.length) {
                throw new DataFormatException(name, "block delta length", "0 or the parameter count ("
                        + parameters.length + ")", String.valueOf(blockDelta.length));
            }
            if (in.available() != 0) {
                throw new DataFormatException(name, "file length", "no bytes after the checkpoint's last field",
                        in.available() + " more bytes");
            }
            return new Checkpoint(epoch, nextRound, roundsDone, lossSum, examples,
                    new ModelState(parameters, updater, iteration, stateEpoch, blockDelta), settings, best);
        } catch (EOFException e) {
            throw new DataFormatException(name, "file length", "a complete checkpoint", "a truncated one");
        }
    }

    private static Checkpoint.Best readBest(String name, DataInputStream in) throws IOException {
        int epoch = in.readInt();
        if (epoch < -1) {
            throw new DataFormatException(name, "best epoch", "a value >= -1", String.valueOf(epoch));
        }
        double value = in.readDouble();
        int without = nonNegative(name, "epochs without improvement", in.readInt());
        ModelState state = null;
        if (in.readBoolean()) {
            int iteration = nonNegative(name, "best state's iteration", in.readInt());
            int stateEpoch = nonNegative(name, "best state's epoch", in.readInt());
            state = new ModelState(readFloats(name, "best parameter count", in),
                    readFloats(name, "best updater state length", in), iteration, stateEpoch);
        }
        return new Checkpoint.Best(epoch, value, without, state);
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float value : values) {
            out.writeFloat(value);
        }
    }

    private static float[] readFloats(String name, String field, DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || (long) length * Float.BYTES > in.available()) {
            throw new DataFormatException(name, field, "at most " + in.available() / Float.BYTES
                    + " (what the file has room for)", String.valueOf(length));
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    private static int nonNegative(String name, String field, int value) {
        if (value < 0) {
            throw new DataFormatException(name, field, "a value >= 0", String.valueOf(value));
        }
        return value;
    }

    private static String hex(long value) {
        return String.format("0x%08X", value);
    }
}
