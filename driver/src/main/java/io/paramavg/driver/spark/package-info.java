/** Starting (or joining) the Spark context, and keeping Spark's log output quiet unless asked. */
package io.paramavg.driver.spark;
