/**
 * Settings declared once: a key, its default, its rule and its meaning in one {@link
 * io.paramavg.worker.settings.Setting}, the way Spark MLlib declares a {@code Param} with its
 * {@code ParamValidators}. The error message, {@code --help}, the shipped properties file and the
 * reference page {@code docs/configuration.md} are all derived from the declaration, so they cannot disagree.
 */
package io.paramavg.worker.settings;
