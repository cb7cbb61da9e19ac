/**
 * Tables as training data: CSV, LIBSVM and Parquet files (any Hadoop file system, read through
 * Spark's own data sources) and DataFrames. {@link io.paramavg.driver.data.table.TableReader}
 * turns a source into a DataFrame and a row decoder; {@link io.paramavg.driver.data.table.TableScan}
 * validates it and gathers label and feature statistics in one distributed pass (the driver
 * receives one summary per partition, never rows); {@link io.paramavg.driver.data.table.TableShards}
 * cuts the engine's shards from the rows by a seeded assignment. The engine sees only shards.
 */
package io.paramavg.driver.data.table;
