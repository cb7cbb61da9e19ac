/**
 * Configuration: every key declared once with its default, allowed values and meaning
 * ({@link io.paramavg.driver.config.ConfigKey}), loaded from defaults, a properties file and
 * command-line overrides, and validated into immutable records before Spark starts.
 */
package io.paramavg.driver.config;
