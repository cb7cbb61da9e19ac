/**
 * Configuration: every key declared once, as a {@link io.paramavg.worker.settings.Setting} with its
 * default, rule and meaning beside the record field it fills, and listed in the
 * {@link io.paramavg.driver.config.ConfigKey} registry; loaded from defaults, a properties file and
 * command-line overrides, and validated into immutable records before Spark starts.
 * {@link io.paramavg.driver.config.ConfigReference} generates the shipped properties file and the
 * reference page {@code docs/configuration.md} from the registry.
 */
package io.paramavg.driver.config;
