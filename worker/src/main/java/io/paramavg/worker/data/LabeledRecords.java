package io.paramavg.worker.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A validated block of labelled records: the compact form a shard lives in on an executor. Image
 * sources (IDX) keep one byte per pixel, scaled to [0, 1] only as each minibatch is cut (8x smaller
 * than float features, and cheap to serialize or recompute). Table sources (CSV, LIBSVM, Parquet, a
 * DataFrame) keep one byte per feature when every value is a byte (0..255), scaled batch by batch by
 * their {@link BatchTransform}, and otherwise four bytes per feature, already scaled. The trainer and
 * evaluator read every kind through {@link #feature} and {@link #transform} and know nothing of
 * where the records came from. One byte per label, so at most 256 classes.
 */
public final class LabeledRecords implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int columns;
    private final int classes;
    /** The largest class count a block holds (labels are one byte). */
    public static final int MAX_CLASSES = 256;
    /** What an image's grey level (0..255) is divided by to give the network's input. */
    public static final float IMAGE_DIVISOR = 255f;

    private final byte[] pixels;
    private final float[] values;
    private final byte[] labels;
    /** What a byte is divided by to give the network's input: 255 for images, 1 for a table's raw bytes. */
    private final float divisor;
    private final BatchTransform transform;

    private LabeledRecords(int rows, int columns, int classes, byte[] pixels, float[] values, byte[] labels) {
        this(rows, columns, classes, pixels, values, labels, IMAGE_DIVISOR, null);
    }

    private LabeledRecords(int rows, int columns, int classes, byte[] pixels, float[] values, byte[] labels,
                          float divisor, BatchTransform transform) {
        this.rows = rows;
        this.columns = columns;
        this.classes = classes;
        this.pixels = pixels;
        this.values = values;
        this.labels = labels;
        this.divisor = divisor;
        this.transform = transform;
    }

    /**
     * A block of a table whose features are all bytes ({@code features} per record, values 0..255 as
     * unsigned bytes), labels already in {@code [0, classes)}, scaled by {@code transform} (null: none)
     * as each minibatch is cut.
     */
    public static LabeledRecords ofBytes(int features, int classes, byte[] values, byte[] labels,
                                        BatchTransform transform) {
        check(features, classes, values.length, labels);
        return new LabeledRecords(1, features, classes, values, null, labels, 1f, transform);
    }

    /**
     * A block of float features ({@code features} per record, record after record) with labels
     * already in {@code [0, classes)}: what table sources build, after their own validation.
     */
    public static LabeledRecords ofFeatures(int features, int classes, float[] values, byte[] labels) {
        check(features, classes, values.length, labels);
        return new LabeledRecords(1, features, classes, null, values, labels);
    }

    private static void check(int features, int classes, int values, byte[] labels) {
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be in 1.." + MAX_CLASSES + ", found " + classes);
        }
        if (features < 1 || values != (long) features * labels.length) {
            throw new IllegalArgumentException("expected " + labels.length + " x " + features + " values, found "
                    + values);
        }
        for (byte label : labels) {
            if ((label & 0xff) >= classes) {
                throw new IllegalArgumentException("label " + (label & 0xff) + " outside 0.." + (classes - 1));
            }
        }
    }

    /**
     * Pairs an image file with its label file, checking that the counts agree and that every
     * label lies in {@code [0, classes)}. With {@code classes <= 0} the class count is taken from
     * the data (largest label + 1).
     */
    public static LabeledRecords pair(String imageFile, IdxArray images, String labelFile, IdxArray labels,
                                     int classes) {
        int[] shape = images.dimensions();
        if (shape.length != 3) {
            throw new DataFormatException(imageFile, "dimension count", "3", String.valueOf(shape.length));
        }
        if (labels.dimensions().length != 1) {
            throw new DataFormatException(labelFile, "dimension count", "1",
                    String.valueOf(labels.dimensions().length));
        }
        if (images.count() != labels.count()) {
            throw new DataFormatException(labelFile, "record count",
                    images.count() + " labels (one per image in " + imageFile + ")",
                    String.valueOf(labels.count()));
        }
        byte[] labelBytes = labels.body();
        int largest = 0;
        for (byte label : labelBytes) {
            largest = Math.max(largest, label & 0xff);
        }
        int classCount = classes > 0 ? classes : largest + 1;
        if (classCount < 2) {
            throw new DataFormatException(labelFile, "labels", "at least 2 distinct classes",
                    "only class 0");
        }
        for (int i = 0; i < labelBytes.length; i++) {
            int label = labelBytes[i] & 0xff;
            if (label >= classCount) {
                throw new DataFormatException(labelFile, "label of record " + i + " (byte offset " + (8 + i) + ")",
                        "a class in 0.." + (classCount - 1), String.valueOf(label));
            }
        }
        if (classes <= 0) {
            requireEveryClassPresent(labelFile, labelBytes, classCount);
        }
        return new LabeledRecords(shape[1], shape[2], classCount, images.body(), null, labelBytes);
    }

    /**
     * With the class count inferred (largest label + 1), a class without a single training example
     * most likely means a corrupt label (labels 0-2 and one 200 would otherwise train a 201-class
     * model): refuse, naming the largest label, its record, and how to accept the gaps on purpose.
     */
    private static void requireEveryClassPresent(String labelFile, byte[] labels, int classCount) {
        int[] histogram = new int[classCount];
        int largestRecord = 0;
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xff;
            histogram[label]++;
            if (label > (labels[largestRecord] & 0xff)) {
                largestRecord = i;
            }
        }
        int empty = 0;
        for (int count : histogram) {
            empty += count == 0 ? 1 : 0;
        }
        if (empty > 0) {
            throw new DataFormatException(labelFile, "labels", "a training example of every class 0.." + (classCount - 1)
                    + " (the class count is inferred from the largest label, " + (classCount - 1) + ", of record "
                    + largestRecord + " at byte offset " + (8 + largestRecord) + ")", empty + " of the " + classCount
                    + " classes without any; correct that label, or set data.classes=" + classCount
                    + " to train with the gaps");
        }
    }

    /** Makes a block from raw arrays (for generated data); the same checks as {@link #pair}. */
    public static LabeledRecords of(int rows, int columns, int classes, byte[] pixels, byte[] labels) {
        return pair("pixels", new IdxArray(new int[] {labels.length, rows, columns}, pixels),
                "labels", new IdxArray(new int[] {labels.length}, labels), classes);
    }

    /** A new block holding the records at {@code indices}, in that order. */
    public LabeledRecords select(int[] indices) {
        int features = features();
        byte[] selectedPixels = pixels == null ? null : new byte[indices.length * features];
        float[] selectedValues = values == null ? null : new float[indices.length * features];
        byte[] selectedLabels = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (pixels != null) {
                System.arraycopy(pixels, indices[i] * features, selectedPixels, i * features, features);
            } else {
                System.arraycopy(values, indices[i] * features, selectedValues, i * features, features);
            }
            selectedLabels[i] = labels[indices[i]];
        }
        return new LabeledRecords(rows, columns, classes, selectedPixels, selectedValues, selectedLabels, divisor,
                transform);
    }

    public int count() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Inputs per record: rows x columns. */
    public int features() {
        return rows * columns;
    }

    public int classes() {
        return classes;
    }

    /** The label of record {@code index}. */
    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** Whether the block holds bytes (an image source) rather than float features. */
    public boolean isBytes() {
        return pixels != null;
    }

    /** Grey level 0..255 of feature {@code feature} of record {@code index}; image blocks only. */
    public int pixel(int index, int feature) {
        if (pixels == null) {
            throw new IllegalStateException("a block of float features has no grey levels; use feature()");
        }
        return pixels[index * features() + feature] & 0xff;
    }

    /**
     * Feature {@code feature} of record {@code index} before {@link #transform}: a grey level scaled
     * to [0, 1], a table's raw byte, or the stored (already scaled) float.
     */
    public float feature(int index, int feature) {
        return pixels != null ? (pixels[index * features() + feature] & 0xff) / divisor
                : values[index * features() + feature];
    }

    /**
     * Copies record {@code index}'s features, each as {@link #feature} gives it, into {@code into} from
     * {@code at}: one loop over the record, which the JIT vectorizes, where cutting a minibatch value by
     * value through {@link #feature} cost a few percent of a training step.
     */
    public void copyFeatures(int index, float[] into, int at) {
        int count = features();
        int base = index * count;
        if (pixels == null) {
            System.arraycopy(values, base, into, at, count);
            return;
        }
        for (int f = 0; f < count; f++) {
            into[at + f] = (pixels[base + f] & 0xff) / divisor;
        }
    }

    /** The scaling each minibatch cut from this block needs, or null. */
    public BatchTransform transform() {
        return transform;
    }

    /** Records per class, indexed by class. */
    public int[] classHistogram() {
        int[] histogram = new int[classes];
        for (byte label : labels) {
            histogram[label & 0xff]++;
        }
        return histogram;
    }

    @Override
    public String toString() {
        return "LabeledRecords[" + count() + " x " + rows + "x" + columns + ", " + classes + " classes, histogram "
                + Arrays.toString(classHistogram()) + "]";
    }
}
