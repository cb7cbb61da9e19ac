package io.paramavg.driver.data;

import io.paramavg.worker.data.LabeledImages;

import java.io.Serializable;

/** One partition's records and its index (which seeds its per-epoch order). */
public record Shard(int index, LabeledImages data) implements Serializable {
}
