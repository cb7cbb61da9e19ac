/**
 * Everything that runs inside one executor, with no Spark dependency: IDX decoding, network
 * construction, shard training, evaluation and the averaging arithmetic. Keeping Spark out (the
 * Maven enforcer bans it) lets all of this be tested in milliseconds without a SparkContext, the
 * way Spark keeps {@code mllib-local} free of {@code spark-core}.
 */
package io.paramavg.worker;
