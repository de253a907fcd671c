package dev.pancake.agent.admin.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pancake.agent.admin.Json;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.FlagReport;

/**
 * {@code GET /status}: what the page shows, as JSON. Each flag has the shape of the CLI's
 * {@code list --json} ({@link Json#flag}), plus what only the running agent knows: its
 * evaluation {@code counts} and the gated {@code methods} that use it.
 */
final class StatusJson {

    private StatusJson() {}

    static String render(Engine engine) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("namespace", engine.config().namespace());
        out.put("config", engine.config().source());
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("description", engine.store().describe());
        store.put("reachable", engine.storeUp());
        store.put("problem", engine.storeProblem());
        out.put("store", store);
        out.put("readOnly", AdminServer.readOnly(engine));
        List<Object> flags = new ArrayList<>();
        for (FlagReport r : engine.reports()) {
            flags.add(flag(r));
        }
        out.put("flags", flags);
        return Json.write(out);
    }

    private static Map<String, Object> flag(FlagReport r) {
        Map<String, Object> f = Json.flag(r);
        Map<String, Object> counts = new LinkedHashMap<>();
        FlagReport.Counts c = r.counts();
        counts.put("active", c == null ? 0 : c.active());
        counts.put("inactive", c == null ? 0 : c.inactive());
        counts.put("fallback", c == null ? 0 : c.fallback());
        counts.put("error", c == null ? 0 : c.error());
        f.put("counts", counts);
        f.put("methods", r.methods());
        return f;
    }

    /** {@code {"key": "value"}}, for short answers. */
    static String message(String key, String value) {
        return Json.write(Collections.singletonMap(key, value));
    }
}
