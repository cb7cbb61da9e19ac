package io.paramavg.driver.output;

import java.util.List;

/** The names of every file and folder paramavg writes, in one place. */
public final class OutputFiles {
    /** The trained network with its manifest inside ({@link ModelArchive}). */
    public static final String MODEL = "model.zip";
    /** Per-round and per-epoch figures and the final evaluation. */
    public static final String METRICS = "metrics.json";
    /** The provenance, also inside model.zip; this copy is for reading without unzipping. */
    public static final String MANIFEST = "manifest.json";
    /** The self-contained HTML report. */
    public static final String REPORT = "report.html";
    /** Checkpoints for --resume. */
    public static final String CHECKPOINTS = "checkpoints";
    /** A run's or a registry's lock. */
    public static final String LOCK = ".paramavg.lock";
    /** Registry: the promoted version's id. */
    public static final String CURRENT = "CURRENT";
    /** Registry: one JSON line per retraining run. */
    public static final String HISTORY = "history.jsonl";
    /** Registry: the versions' folder. */
    public static final String VERSIONS = "versions";
    /** What a complete run or registry version holds. */
    public static final List<String> RUN_FILES = List.of(MODEL, METRICS, MANIFEST, REPORT);

    private OutputFiles() {
    }
}
