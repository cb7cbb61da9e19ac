/**
 * Spark on Hadoop YARN, for real: a ResourceManager and a NodeManager (Hadoop's MiniYARNCluster) beside an
 * HDFS (MiniDFSCluster), all started by the test from Maven Central artifacts, and paramavg submitted to them
 * the two ways a user does, through {@code scripts/paramavg} and through a plain {@code spark-submit}. The
 * cluster's helpers each do one thing: start the daemons, write the configuration folder a client reads, put
 * Spark's jars on HDFS, launch a submission, ask the ResourceManager about an application, read a container's
 * log. Tagged {@code slow}; CI runs them.
 */
package io.paramavg.e2e.yarn;
