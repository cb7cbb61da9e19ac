package io.paramavg.driver.data;

import io.paramavg.worker.data.LabeledRecords;

import java.io.Serializable;

/** One partition's records and its index (which seeds its per-epoch order). */
public record Shard(int index, LabeledRecords data) implements Serializable {
}
