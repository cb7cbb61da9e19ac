/**
 * Finding and reading the IDX files through the Hadoop FileSystem API (so local paths, HDFS and
 * S3A all work), checksumming them for the manifest, and the small serializable handles that let
 * executors reopen the same files to rebuild their shards from lineage.
 */
package io.paramavg.driver.data;
