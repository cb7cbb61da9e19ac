package io.paramavg.driver.checkpoint;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A resumed run must be the run that was interrupted: every key that changes what is trained
 * (data, model, schedule, seed, shards) must equal the checkpoint's. Keys that only change how the
 * run is watched or where it runs may differ.
 */
public final class ResumeCheck {
    /** May change between the interrupted and the resumed run without changing the result. */
    static final Set<String> FREE = Set.of(ConfigKey.TRAIN_EVAL_EVERY.key(), ConfigKey.TRAIN_ND4J_THREADS.key(),
            ConfigKey.TRAIN_CHECKPOINT_EVERY.key(), ConfigKey.TRAIN_CHECKPOINT_KEEP.key(),
            ConfigKey.RETRAIN_MIN_IMPROVEMENT.key(), ConfigKey.RETRAIN_KEEP.key(), ConfigKey.EVALUATE_SHARDS.key(),
            ConfigKey.MLFLOW_TRACKING_URI.key(), ConfigKey.MLFLOW_EXPERIMENT.key(), ConfigKey.MLFLOW_RUN_NAME.key(),
            ConfigKey.MLFLOW_REGISTERED_MODEL.key(), ConfigKey.MLFLOW_ALIAS.key(),
            ConfigKey.TRAIN_ALLOW_UNAUTHENTICATED_SPARK.key());

    private ResumeCheck() {
    }

    /**
     * Whether {@code saved} (a checkpoint's settings) predates the averaging rule's keys: its run
     * averaged plainly, and resumes so ({@code RunConfig#withPlainAverage}).
     */
    public static boolean predatesScaling(Map<String, String> saved) {
        return !saved.containsKey(ConfigKey.TRAIN_AVERAGING.key());
    }

    /** Whether {@code key} may differ between two runs that train the same thing. */
    public static boolean isFree(String key) {
        return FREE.contains(key);
    }

    /**
     * Throws a {@link ConfigException} listing every difference between {@code saved} and {@code now}.
     * A key {@code saved} does not hold was declared after the checkpoint was written, and its run
     * trained as that key's default does: every key added since checkpoint format 1 (tables,
     * validation, early stopping, exchange encryption, retraining) defaults to the behaviour from
     * before it existed. The averaging keys are the exception, their defaults changed the arithmetic,
     * so such a run resumes under {@code RunConfig#withPlainAverage}, which drops them from
     * {@code now}. A key added later whose default changes what an older run trained needs the same.
     */
    public static void requireSameRun(String checkpoint, Map<String, String> saved, Map<String, String> now) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> entry : now.entrySet()) {
            String key = entry.getKey();
            boolean recorded = saved.containsKey(key);
            String was = recorded ? saved.get(key) : ConfigKey.named(key).map(ConfigKey::defaultValue).orElse(null);
            if (!FREE.contains(key) && !Objects.equals(was, entry.getValue())) {
                differences.add(key + " is '" + entry.getValue() + "' now but was '" + was + "'"
                        + (recorded ? "" : " (its default: the checkpoint predates the key)"));
            }
        }
        if (!differences.isEmpty()) {
            throw new ConfigException("--resume: the configuration differs from the interrupted run's (" + checkpoint
                    + "): " + String.join("; ", differences) + ". Resume with the original settings, or start a new "
                    + "run without --resume");
        }
    }
}
