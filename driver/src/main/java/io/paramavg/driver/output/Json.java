package io.paramavg.driver.output;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;

/** Pretty-printed JSON, the one format of every file paramavg writes besides the model. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static RunOutput.Content of(Object value) {
        return out -> write(value, out);
    }

    public static void write(Object value, OutputStream out) throws IOException {
        MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, value);
    }

    /**
     * What was wrong with a JSON text, for a bad-input error: where the parser stopped and why, without the
     * source excerpt Jackson appends, whose wording differs between the Jackson versions of the Spark lines.
     */
    public static String invalid(JsonProcessingException e) {
        String why = e.getOriginalMessage();
        int excerpt = why.indexOf(" (start marker at ");
        why = excerpt < 0 ? why : why.substring(0, excerpt);
        JsonLocation at = e.getLocation();
        return at == null ? "invalid JSON (" + why + ")"
                : "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + " (" + why + ")";
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
