package dev.pancake.agent.admin.web;

import java.util.List;
import java.util.Locale;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.FlagReport;

/**
 * {@code GET /metrics}: this JVM's flags in the Prometheus text exposition format (version 0.0.4).
 * Names follow Prometheus's conventions: a {@code pancake_} prefix, {@code _total} on counters,
 * base units, and one metric per meaning (a sample's percentage is not mixed with on/off).
 */
final class PrometheusText {

    private PrometheusText() {}

    static String render(Engine engine) {
        List<FlagReport> reports = engine.reports();
        StringBuilder out = new StringBuilder(256 + reports.size() * 400);
        help(out, "pancake_evaluations_total", "counter", "Evaluations of a flag in this JVM by gated methods and"
                + " the API, by outcome: active (the body ran), inactive, fallback (a fallback value was produced),"
                + " error (the flag could not be decided, or its fallback failed).");
        for (FlagReport r : reports) {
            if (r.counts() == null) {
                continue;
            }
            sample(out, "pancake_evaluations_total", r, "active", r.counts().active());
            sample(out, "pancake_evaluations_total", r, "inactive", r.counts().inactive());
            sample(out, "pancake_evaluations_total", r, "fallback", r.counts().fallback());
            sample(out, "pancake_evaluations_total", r, "error", r.counts().error());
        }
        help(out, "pancake_flag_enabled", "gauge", "Whether a switch or a flag is on for everyone now (a flag's"
                + " per-group overrides aside): 1 or 0.");
        for (FlagReport r : reports) {
            if (r.type() != FlagType.SAMPLE) {
                out.append("pancake_flag_enabled").append(labels(r, null)).append(' ')
                        .append("true".equals(r.current()) ? '1' : '0').append('\n');
            }
        }
        help(out, "pancake_sample_percent", "gauge", "The percentage of calls for which a sample is active now.");
        for (FlagReport r : reports) {
            if (r.type() == FlagType.SAMPLE) {
                out.append("pancake_sample_percent").append(labels(r, null)).append(' ').append(r.current())
                        .append('\n');
            }
        }
        help(out, "pancake_store_up", "gauge", "Whether the flag store (Redis, or the in-memory store) answers: 1 or 0.");
        out.append("pancake_store_up ").append(engine.storeUp() ? '1' : '0').append('\n');
        help(out, "pancake_changes_seen_total", "counter", "Stored flag values this JVM has seen change since it"
                + " started, whoever changed them.");
        out.append("pancake_changes_seen_total ").append(engine.changesSeen()).append('\n');
        return out.toString();
    }

    private static void help(StringBuilder out, String name, String type, String text) {
        out.append("# HELP ").append(name).append(' ').append(text).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, FlagReport r, String outcome, long value) {
        out.append(name).append(labels(r, outcome)).append(' ').append(value).append('\n');
    }

    private static String labels(FlagReport r, String outcome) {
        StringBuilder b = new StringBuilder("{flag=\"").append(escaped(r.name())).append("\",type=\"")
                .append(r.type().name().toLowerCase(Locale.ROOT)).append('"');
        if (outcome != null) {
            b.append(",outcome=\"").append(outcome).append('"');
        }
        return b.append('}').toString();
    }

    /** A label value as the format wants it: backslash, double quote and line feed escaped. */
    static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
