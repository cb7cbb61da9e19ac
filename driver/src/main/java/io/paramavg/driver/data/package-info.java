/**
 * What a run reads and where its shards come from. {@link io.paramavg.driver.data.DataSource} decides
 * once whether a path holds IDX files or a table; {@link io.paramavg.driver.data.LoadedData} is the data
 * once read and checked, of either kind, with the {@link io.paramavg.driver.data.ShardSource} the engines
 * take their {@link io.paramavg.driver.data.Shard}s from. The IDX side lives here: finding and reading
 * the files through the Hadoop FileSystem API (so local paths, HDFS and S3A all work), checksumming them
 * for the manifest, and the small serializable handles that let executors reopen the same files to
 * rebuild their shards from lineage. Tables are in {@code io.paramavg.driver.data.table}. Nothing here
 * knows the engines: they depend on this package, not the other way round.
 */
package io.paramavg.driver.data;
