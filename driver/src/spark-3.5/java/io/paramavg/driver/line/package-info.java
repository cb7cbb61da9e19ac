/**
 * What differs between the Spark lines paramavg builds for, in one small place per line: each line's
 * folder ({@code driver/src/spark-4/java}, {@code driver/src/spark-3.5/java}) holds its own copy of this
 * package, and the build compiles exactly one of them (the root pom's {@code spark.line}). The rest of the
 * code calls {@link io.paramavg.driver.line.SparkLine} and compiles unchanged against both lines, so no
 * code elsewhere asks which Spark it runs on. This package depends on Spark only, never on the rest of
 * paramavg.
 */
package io.paramavg.driver.line;
