package io.paramavg.driver.spark;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

import java.net.URISyntaxException;
import java.net.URL;

/**
 * Applies paramavg's logging configuration (conf/log4j2.properties, packed into the jar) when the
 * user has not chosen one: Spark's defaults print hundreds of INFO lines that bury the progress.
 */
public final class QuietLogs {
    private QuietLogs() {
    }

    public static void apply() {
        if (System.getProperty("log4j2.configurationFile") != null) {
            return;
        }
        URL config = QuietLogs.class.getResource("/paramavg/log4j2.properties");
        if (config == null || !(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;
        }
        try {
            context.setConfigLocation(config.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + config, e);
        }
    }
}
