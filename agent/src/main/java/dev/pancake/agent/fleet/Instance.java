package dev.pancake.agent.fleet;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

/**
 * One running agent as its heartbeat ({@code PANCAKE:{ns}:instance:{id}}) describes it: a small
 * JSON document, at most {@value #MAX_FLAGS} flags.
 *
 * @param started when the JVM started, in milliseconds since the epoch
 * @param beat    when the heartbeat was sent
 * @param flags   the flags this agent declares or its code uses, with its evaluation counts
 */
public record Instance(String id, String app, String host, long pid, String java, String agent, long started,
        long beat, boolean storeUp, String storeProblem, List<FlagUse> flags) {

    /** The most flags one heartbeat lists. */
    public static final int MAX_FLAGS = 500;

    public Instance {
        flags = List.copyOf(flags.size() > MAX_FLAGS ? flags.subList(0, MAX_FLAGS) : flags);
    }

    /**
     * One flag in one instance.
     *
     * @param declared      whether this instance's pancake.yml declares it
     * @param lastEvaluated when this instance last saw it evaluated (to the heartbeat), 0 for never
     */
    public record FlagUse(String type, String name, boolean declared, long active, long inactive, long fallback,
            long error, long lastEvaluated) {

        /** {@code switch:NEW_CHECKOUT}: how a flag is named in the fleet's keys. */
        public String key() {
            return type + ":" + name;
        }

        public long evaluations() {
            return active + inactive;
        }
    }

    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setSerializeNulls(true);
            w.beginObject();
            w.name("id").value(id).name("app").value(app).name("host").value(host).name("pid").value(pid)
                    .name("java").value(java).name("agent").value(agent).name("started").value(started)
                    .name("beat").value(beat).name("storeUp").value(storeUp).name("storeProblem").value(storeProblem);
            w.name("flags").beginArray();
            for (FlagUse f : flags) {
                w.beginObject().name("type").value(f.type).name("name").value(f.name).name("declared").value(f.declared)
                        .name("active").value(f.active).name("inactive").value(f.inactive).name("fallback")
                        .value(f.fallback).name("error").value(f.error).name("lastEvaluated").value(f.lastEvaluated)
                        .endObject();
            }
            w.endArray().endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A heartbeat read back; null when it is not one (another client's mistake must not stop the view). */
    public static Instance fromJson(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            List<FlagUse> flags = new ArrayList<>();
            JsonElement fs = o.get("flags");
            if (fs != null && fs.isJsonArray()) {
                for (JsonElement e : (JsonArray) fs) {
                    JsonObject f = e.getAsJsonObject();
                    flags.add(new FlagUse(text(f, "type"), text(f, "name"), bool(f, "declared"), number(f, "active"),
                            number(f, "inactive"), number(f, "fallback"), number(f, "error"), number(f, "lastEvaluated")));
                }
            }
            return new Instance(text(o, "id"), text(o, "app"), text(o, "host"), number(o, "pid"), text(o, "java"),
                    text(o, "agent"), number(o, "started"), number(o, "beat"), bool(o, "storeUp"), text(o, "storeProblem"),
                    flags);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | ClassCastException
                | NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonObject o, String k) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static long number(JsonObject o, String k) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? 0 : e.getAsLong();
    }

    private static boolean bool(JsonObject o, String k) {
        JsonElement e = o.get(k);
        return e != null && !e.isJsonNull() && e.getAsBoolean();
    }

    /** Whether this instance declares the flag (by type and name). */
    public boolean declares(String type, String name) {
        for (FlagUse f : flags) {
            if (f.declared && f.type.equals(type) && f.name.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
