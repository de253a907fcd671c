package dev.pancake.agent.admin.web;

import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.FlagReport;

/**
 * {@code GET /status}: what the page shows, as JSON. Gson escapes {@code <}, {@code >} and
 * {@code &}, so the document is also safe to embed.
 */
final class StatusJson {

    static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private StatusJson() {}

    static String render(Engine engine) {
        JsonObject out = new JsonObject();
        out.addProperty("namespace", engine.config().namespace());
        out.addProperty("config", engine.config().source());
        JsonObject store = new JsonObject();
        store.addProperty("description", engine.store().describe());
        store.addProperty("reachable", engine.storeUp());
        store.addProperty("problem", engine.storeProblem());
        out.add("store", store);
        out.addProperty("readOnly", AdminServer.token(engine) == null);
        JsonArray flags = new JsonArray();
        for (FlagReport r : engine.reports()) {
            flags.add(flag(r));
        }
        out.add("flags", flags);
        return GSON.toJson(out);
    }

    private static JsonObject flag(FlagReport r) {
        JsonObject f = new JsonObject();
        f.addProperty("name", r.name());
        f.addProperty("type", r.type().lower());
        f.addProperty("declared", r.declared());
        f.addProperty("default", r.defaultText());
        f.addProperty("stored", r.stored());
        f.addProperty("current", r.current());
        JsonObject counts = new JsonObject();
        FlagReport.Counts c = r.counts();
        counts.addProperty("active", c == null ? 0 : c.active());
        counts.addProperty("inactive", c == null ? 0 : c.inactive());
        counts.addProperty("fallback", c == null ? 0 : c.fallback());
        counts.addProperty("error", c == null ? 0 : c.error());
        f.add("counts", counts);
        JsonObject overrides = new JsonObject();
        for (Map.Entry<String, Map<String, Boolean>> group : r.overrides().entrySet()) {
            JsonObject ids = new JsonObject();
            for (Map.Entry<String, Boolean> id : group.getValue().entrySet()) {
                // null: the stored value is neither "1" nor "0"
                ids.add(id.getKey(), id.getValue() == null ? JsonNull.INSTANCE : GSON.toJsonTree(id.getValue()));
            }
            overrides.add(group.getKey(), ids);
        }
        f.add("overrides", overrides);
        f.add("methods", strings(r.methods()));
        return f;
    }

    private static JsonElement strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /** {@code {"key": "value"}}, for short answers. */
    static String message(String key, String value) {
        JsonObject o = new JsonObject();
        o.addProperty(key, value);
        return GSON.toJson(o);
    }
}
