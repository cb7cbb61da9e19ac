package io.paramavg.driver.spark;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

import java.net.URISyntaxException;
import java.net.URL;

/**
 * Applies paramavg's logging configuration (conf/log4j2.properties, packed into the jar) when
 * log4j found none of its own: Spark's fallback prints hundreds of INFO lines that bury the progress.
 * A configuration the user or the cluster provides (a system property, a log4j2 file on the
 * classpath such as a Spark distribution's conf/) is left alone.
 */
public final class QuietLogs {
    private QuietLogs() {
    }

    public static void apply() {
        if (System.getProperty("log4j2.configurationFile") != null) {
            return;
        }
        URL config = QuietLogs.class.getResource("/paramavg/log4j2.properties");
        if (config == null || !(LogManager.getContext(false) instanceof LoggerContext context)
                || !(context.getConfiguration() instanceof org.apache.logging.log4j.core.config.DefaultConfiguration)) {
            return;
        }
        try {
            context.setConfigLocation(config.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + config, e);
        }
    }
}
