package dev.pancake.agent.admin;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.google.gson.stream.JsonWriter;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.FlagReport;

/**
 * JSON output of the CLI and the admin page, and the one shape of a flag they both print
 * ({@link #flag}). Written through the Gson that the agent jar already carries (relocated): its streaming
 * {@link JsonWriter} rather than a {@code Gson} instance, which loads some 270 more classes (type
 * adapters, reflection) and costs about 0.1 s of the CLI's start-up; the writer loads three.
 */
public final class Json {

    private Json() {}

    /**
     * Maps (in their order), lists, strings, booleans, numbers and nulls, pretty-printed; nulls are
     * kept, since a missing key and a null mean different things to a script. {@code <}, {@code >}
     * and {@code &} are escaped, so the document is also safe to embed in a page.
     */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonWriter json = new JsonWriter(out)) {
            json.setIndent("  ");
            json.setSerializeNulls(true);
            json.setHtmlSafe(true);
            write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out + "\n";
    }

    /** {@code items}, each as {@code toJson} maps it, as one list ({@link #write}). */
    public static <T> String writeEach(List<T> items, Function<? super T, ?> toJson) {
        List<Object> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(toJson.apply(item));
        }
        return write(out);
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

    /**
     * One flag as {@code list --json} and {@code GET /status} print it: {@code name}, {@code type},
     * {@code declared}, {@code default} and {@code current} (booleans for switches and flags,
     * numbers for samples), {@code stored} (the valid value in the store as a string, or null),
     * and, for flags only, {@code overrides} (group to id to true, false, or null for a stored
     * value that is neither "1" nor "0"). The page adds what only a running agent knows.
     */
    public static Map<String, Object> flag(FlagReport r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", r.name());
        f.put("type", r.type().lower());
        f.put("declared", r.declared());
        f.put("default", value(r.type(), r.defaultText()));
        f.put("current", value(r.type(), r.current()));
        f.put("stored", r.stored());
        if (r.type() == FlagType.FLAG) {
            f.put("overrides", r.overrides());
        }
        return f;
    }

    /** A switch's or flag's true/false as a boolean, a sample's percentage as a number. */
    public static Object value(FlagType type, String text) {
        return type == FlagType.SAMPLE ? (Object) Double.parseDouble(text) : (Object) Boolean.parseBoolean(text);
    }
}
