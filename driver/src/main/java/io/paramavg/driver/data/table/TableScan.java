package io.paramavg.driver.data.table;

import io.paramavg.worker.data.DataFormatException;
import org.apache.spark.api.java.JavaRDD;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one validation pass over a source, on the executors: every row decoded (a malformed one
 * stops the pass with an error naming its file, row and column), the feature count checked on
 * every row, labels checked and counted, training statistics gathered. Each partition sends back
 * one {@link PartitionSummary}; the driver merges them and checks what spans partitions.
 *
 * @param input          the source
 * @param split          the hold-outs the rows were counted under
 * @param rows           per partition, its rows on each {@link Split.Side} (by ordinal)
 * @param features       the feature count
 * @param stats          feature statistics of the training rows
 * @param labelCounts    text label -> {training rows, all rows}
 * @param labelRows      text label -> its first row
 * @param textLabels     whether any label is not a number
 * @param firstText      the first non-numeric label's row, or null
 * @param firstNumeric   the first numeric label's row, or null
 * @param sha256         digest of every row read, in order
 * @param bytes          whether every feature value is an integer in 0..255
 */
public record TableScan(TableInput input, Split split, long[][] rows, int features, FeatureStats stats,
                        Map<String, long[]> labelCounts, Map<String, Location> labelRows, boolean textLabels,
                        Location firstText, Location firstNumeric, String sha256, boolean bytes) {

    /**
     * A training set's scan: its labels become the classes ({@link #labels}), numeric ones checked to
     * be class indices unless {@code indexLabels}; {@code featureCount > 0} (data.feature-count) fixes
     * the feature count, else the rows set it.
     */
    public static TableScan training(TableInput input, Split split, int featureCount, boolean indexLabels) {
        return run(input, split, new LearnLabels(indexLabels), featureCount > 0 ? featureCount : -1);
    }

    /**
     * A held-out set's scan (test, validation, or the rows a saved model is evaluated on): every label
     * must be one of {@code known}'s classes and every row must have {@code features} features.
     */
    public static TableScan against(TableInput input, Split split, Labels known, int features) {
        return run(input, split, new KnownLabels(known), features);
    }

    private static TableScan run(TableInput input, Split split, LabelRule labelRule, int expectedFeatures) {
        RowDecoder decoder = input.decoder();
        int fileColumn = input.fileColumn();
        String labelColumn = input.labelColumn();
        boolean sparse = input.sparse();
        String name = input.name();
        JavaRDD<PartitionSummary> summaries = input.frame().javaRDD().mapPartitionsWithIndex((p, rows) ->
                List.of(summarise(p, rows, decoder, fileColumn, name, labelColumn, sparse, split, labelRule,
                        expectedFeatures)).iterator(), true);
        List<PartitionSummary> parts = new ArrayList<>(collect(summaries));
        parts.sort(Comparator.comparingInt(s -> s.partition));
        return merge(input, split, parts, expectedFeatures);
    }

    /** What a scan does with each row's label, on the executors. */
    private interface LabelRule extends Serializable {
        void check(Example example, Location at, String labelColumn, PartitionSummary summary);
    }

    /** A training scan's: numeric labels must be class indices (unless indexed); note the first of each kind. */
    private record LearnLabels(boolean indexLabels) implements LabelRule {
        @Override
        public void check(Example example, Location at, String labelColumn, PartitionSummary summary) {
            if (example.hasNumericLabel()) {
                double label = example.numericLabel();
                if (!indexLabels && (label < 0 || label != Math.rint(label))) {
                    throw Labels.notAClass(example, at, labelColumn);
                }
                if (summary.firstNumericLabel == null) {
                    summary.firstNumericLabel = at;
                }
            } else if (summary.firstTextLabel == null) {
                summary.firstTextLabel = at;
                summary.firstTextLabelValue = example.textLabel();
            }
        }
    }

    /** A held-out scan's: the label must be one of the training set's classes. */
    private record KnownLabels(Labels known) implements LabelRule {
        @Override
        public void check(Example example, Location at, String labelColumn, PartitionSummary summary) {
            known.classOf(example, at, labelColumn);
        }
    }

    /** Collects, handing a data error raised in a task back as itself rather than wrapped by Spark. */
    static <T> List<T> collect(JavaRDD<T> rdd) {
        try {
            return rdd.collect();
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
    }

    /** The {@link DataFormatException} inside a Spark failure, or the failure itself. */
    public static RuntimeException unwrap(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataFormatException data) {
                return new DataFormatException(data.file(), data.getMessage().substring(data.file().length() + 2));
            }
        }
        return e;
    }

    private static PartitionSummary summarise(int p, Iterator<org.apache.spark.sql.Row> rows, RowDecoder decoder,
                                              int fileColumn, String name, String labelColumn, boolean sparse,
                                              Split split, LabelRule labelRule, int expectedFeatures) {
        PartitionSummary summary = new PartitionSummary(p);
        MessageDigest digest = newDigest();
        // Rows without a file (a DataFrame built in a job) are named as the input is: "the validation DataFrame".
        RowWalker.walk(rows, decoder, fileColumn, name, (example, at, rowInPartition) -> {
            int count = example.featureCount();
            if (summary.firstRow == null) {
                summary.firstRow = at;
            }
            if (sparse) {
                if (expectedFeatures > 0 && count > expectedFeatures) {
                    throw new DataFormatException(at.file(), at.part("index " + count), "indices up to "
                            + expectedFeatures + " (the feature count: data.feature-count, or the training set's)",
                            "index " + count);
                }
                summary.features = Math.max(summary.features, count);
            } else if (expectedFeatures > 0 && count != expectedFeatures) {
                throw new DataFormatException(at.file(), at.field(null), expectedFeatures + " features (data.feature-"
                        + "count, or the training set's)", String.valueOf(count));
            } else if (summary.features < 0) {
                summary.features = count;
            } else if (count != summary.features) {
                throw new DataFormatException(at.file(), at.field(null), summary.features + " features like "
                        + summary.firstRow, String.valueOf(count));
            }
            if (count == 0 && !sparse) {
                throw new DataFormatException(at.file(), at.field(null), "at least one feature", "none");
            }
            labelRule.check(example, at, labelColumn, summary);
            Split.Side side = split.sideOf(p, rowInPartition);
            boolean training = side == Split.Side.TRAIN;
            summary.rows[side.ordinal()]++;
            summary.rows[Split.Side.ALL.ordinal()]++;
            if (training) {
                // Validation rows are removed before sharding, so they do not shape the scaling either.
                summary.stats.add(example);
            }
            String key = example.hasNumericLabel() ? Labels.format(example.numericLabel()) : example.textLabel();
            long[] counts = summary.labels.get(key);
            if (counts == null) {
                if (summary.labels.size() >= PartitionSummary.LABEL_LIMIT) {
                    throw new DataFormatException(at.file(), at.field(labelColumn), "at most "
                            + PartitionSummary.LABEL_LIMIT + " distinct labels (classes)", "more: '"
                            + CsvDecoder.abbreviate(example.textLabel()) + "' is one too many");
                }
                counts = new long[2];
                summary.labels.put(key, counts);
                summary.labelRows.put(key, at);
            }
            counts[0] += training ? 1 : 0;
            counts[1]++;
            update(digest, example);
            if (summary.bytes) {
                summary.bytes = allBytes(example);
            }
        });
        summary.digest = digest.digest();
        return summary;
    }

    private static boolean allBytes(Example example) {
        float[] x = example.dense() != null ? example.dense() : example.values();
        for (float v : x) {
            if (v < 0 || v > 255 || v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }

    private static void update(MessageDigest digest, Example example) {
        digest.update(example.textLabel().getBytes(StandardCharsets.UTF_8));
        float[] x = example.dense() != null ? example.dense() : example.values();
        ByteBuffer buffer = ByteBuffer.allocate(4 * x.length + (example.indices() == null ? 0
                : 4 * example.indices().length));
        for (float v : x) {
            buffer.putFloat(v);
        }
        if (example.indices() != null) {
            for (int i : example.indices()) {
                buffer.putInt(i);
            }
        }
        digest.update(buffer.array());
    }

    private static TableScan merge(TableInput input, Split split, List<PartitionSummary> parts,
                                   int expectedFeatures) {
        long[][] rows = new long[parts.size()][];
        long records = 0;
        int features = -1;
        Location featuresRow = null;
        FeatureStats stats = new FeatureStats();
        Map<String, long[]> labels = new TreeMap<>();
        Map<String, Location> labelRows = new TreeMap<>();
        Location firstText = null;
        Location firstNumeric = null;
        MessageDigest digest = newDigest();
        boolean bytes = true;
        for (PartitionSummary part : parts) {
            bytes &= part.bytes;
            rows[part.partition] = part.rows;
            records += part.rows[Split.Side.ALL.ordinal()];
            if (part.features >= 0) {
                if (input.sparse()) {
                    features = Math.max(features, part.features);
                } else if (features < 0) {
                    features = part.features;
                    featuresRow = part.firstRow;
                } else if (features != part.features) {
                    throw new DataFormatException(part.firstRow.file(), part.firstRow.field(null), features
                            + " features like " + featuresRow, String.valueOf(part.features));
                }
            }
            stats.merge(part.stats);
            part.labels.forEach((key, counts) -> {
                long[] total = labels.computeIfAbsent(key, k -> new long[2]);
                total[0] += counts[0];
                total[1] += counts[1];
            });
            part.labelRows.forEach(labelRows::putIfAbsent);
            firstText = firstText != null ? firstText : part.firstTextLabel;
            firstNumeric = firstNumeric != null ? firstNumeric : part.firstNumericLabel;
            digest.update(part.digest);
            if (labels.size() > PartitionSummary.LABEL_LIMIT) {
                throw new DataFormatException(input.name(), "labels", "at most " + PartitionSummary.LABEL_LIMIT
                        + " distinct labels (classes)", "more");
            }
        }
        if (records == 0) {
            throw new DataFormatException(input.name(), "records", "at least one record",
                    "none (an empty file, or a header without rows)");
        }
        if (expectedFeatures > 0) {
            features = expectedFeatures;
        }
        return new TableScan(input, split, rows, features, stats, labels, labelRows, firstText != null, firstText,
                firstNumeric, HexFormat.of().formatHex(digest.digest()), bytes);
    }

    /** The rows on {@code side}. */
    long count(Split.Side side) {
        long count = 0;
        for (long[] partition : rows) {
            count += partition[side.ordinal()];
        }
        return count;
    }

    /** Per partition, the index of its first row among all rows on {@code side}: where its rows are numbered from. */
    long[] offsets(Split.Side side) {
        long[] offsets = new long[rows.length];
        for (int p = 1; p < rows.length; p++) {
            offsets[p] = offsets[p - 1] + rows[p - 1][side.ordinal()];
        }
        return offsets;
    }

    /**
     * The classes of a training scan: identity for numeric labels 0..K-1 (with {@code fixedClasses > 0}
     * the count is fixed and gaps allowed), else indexed in sorted order when {@code indexLabels} or
     * any label is text. Refuses, naming the row, labels that mix numbers and text without indexing,
     * an inferred class without training rows, and a held-out label never seen in training.
     */
    public Labels labels(boolean indexLabels, int fixedClasses) {
        Labels result;
        if (textLabels) {
            if (firstNumeric != null && !indexLabels) {
                throw new DataFormatException(firstText.file(), firstText.field(input.labelColumn()),
                        "a numeric label like " + firstNumeric + " (pass --index-labels to index text labels)",
                        "text");
            }
            result = Labels.indexedText(new TreeSet<>(labelCounts.keySet()).toArray(new String[0]));
        } else if (indexLabels) {
            result = Labels.indexed(labelCounts.keySet().stream().mapToDouble(Double::parseDouble).sorted()
                    .toArray());
        } else {
            String largest = labelCounts.keySet().stream().max(Comparator.comparingDouble(Double::parseDouble))
                    .orElseThrow();
            int classes = (int) Double.parseDouble(largest) + 1;
            if (fixedClasses > 0) {
                if (classes > fixedClasses) {
                    Location at = labelRows.get(largest);
                    throw new DataFormatException(at.file(), at.field(input.labelColumn()), "a class in 0.."
                            + (fixedClasses - 1) + " (data.classes=" + fixedClasses + ")", largest);
                }
                classes = fixedClasses;
            } else {
                int missing = 0;
                for (int c = 0; c < classes; c++) {
                    long[] counts = labelCounts.get(String.valueOf(c));
                    missing += counts == null || counts[0] == 0 ? 1 : 0;
                }
                if (missing > 0) {
                    Location at = labelRows.get(largest);
                    throw new DataFormatException(at.file(), at.field(input.labelColumn()), "a training example of "
                            + "every class 0.." + (classes - 1) + " (the class count is inferred from the largest "
                            + "label, " + largest + ")", missing + " of the " + classes + " classes without any; "
                            + "correct that label, pass --index-labels to index the labels found, or set "
                            + "data.classes=" + classes + " to train with the gaps");
                }
            }
            result = Labels.identity(classes);
        }
        if (result.classes() < 2) {
            throw new DataFormatException(input.name(), "labels", "at least 2 classes", "only '"
                    + labelCounts.keySet().iterator().next() + "'");
        }
        if (result.classes() > PartitionSummary.LABEL_LIMIT) {
            throw new DataFormatException(input.name(), "labels", "at most " + PartitionSummary.LABEL_LIMIT
                    + " classes", String.valueOf(result.classes()));
        }
        labelCounts.forEach((key, counts) -> {
            if (counts[0] == 0) {
                Location at = labelRows.get(key);
                throw new DataFormatException(at.file(), at.field(input.labelColumn()), "a label the training rows "
                        + "have", "'" + key + "', only in held-out rows");
            }
        });
        return result;
    }

    /** The training rows' scaling of {@code kind}. */
    public Scaling scaling(io.paramavg.driver.config.TableConfig.Normalize kind) {
        return switch (kind) {
            case NONE -> Scaling.none();
            case STANDARDIZE -> {
                float[][] ms = stats.meanAndStd(features);
                yield Scaling.standardize(ms[0], ms[1]);
            }
            case MIN_MAX -> {
                float[][] mm = stats.minAndMax(features);
                yield Scaling.minMax(mm[0], mm[1]);
            }
        };
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
