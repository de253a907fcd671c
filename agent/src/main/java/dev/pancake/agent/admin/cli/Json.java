package dev.pancake.agent.admin.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.google.gson.stream.JsonWriter;

import dev.pancake.agent.config.FlagType;

/**
 * JSON output, through the Gson that the agent jar already carries (relocated). Its streaming
 * {@link JsonWriter} rather than a {@code Gson} instance, which loads some 270 more classes (type
 * adapters, reflection) and costs about 0.1 s of the CLI's start-up; the writer loads three.
 */
final class Json {

    private Json() {}

    /**
     * Maps (in their order), lists, strings, booleans, numbers and nulls, pretty-printed; nulls are
     * kept, since a missing key and a null mean different things to a script.
     */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonWriter json = new JsonWriter(out)) {
            json.setIndent("  ");
            json.setSerializeNulls(true);
            write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out + "\n";
    }

    private static void write(JsonWriter json, Object value) throws IOException {
        if (value == null) {
            json.nullValue();
        } else if (value instanceof Map) {
            json.beginObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                json.name(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.endObject();
        } else if (value instanceof List) {
            json.beginArray();
            for (Object item : (List<?>) value) {
                write(json, item);
            }
            json.endArray();
        } else if (value instanceof Boolean) {
            json.value((Boolean) value);
        } else if (value instanceof Number) {
            json.value((Number) value);
        } else {
            json.value(value.toString());
        }
    }

    /** A switch's or flag's true/false as a boolean, a sample's percentage as a number. */
    static Object value(FlagType type, String text) {
        return type == FlagType.SAMPLE ? (Object) Double.parseDouble(text) : (Object) Boolean.parseBoolean(text);
    }
}
