package io.paramavg.driver.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline script and SVG, nothing fetched) that draws
 * a run's loss curve, accuracy per epoch, confusion matrix, per-class metrics and time breakdown
 * from the run's own metrics and manifest, embedded in it as JSON.
 */
public final class Report {
    private static final String TEMPLATE = "/paramavg/report.html";
    private static final String SLOT = "/*DATA*/";

    private Report() {
    }

    public static String html(Map<String, Object> metrics, Map<String, Object> manifest) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("metrics", metrics);
        data.put("manifest", manifest);
        // Inside <script>, "</" would end the element early; JSON allows escaping the slash.
        String json = Json.mapper().writeValueAsString(data).replace("</", "<\\/");
        return template().replace(SLOT, json);
    }

    private static String template() {
        try (InputStream in = Report.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the paramavg jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
