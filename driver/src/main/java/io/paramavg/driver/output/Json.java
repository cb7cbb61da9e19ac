package io.paramavg.driver.output;

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

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
