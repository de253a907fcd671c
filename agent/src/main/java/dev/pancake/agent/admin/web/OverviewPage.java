package dev.pancake.agent.admin.web;

import java.util.List;
import java.util.Map;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.FlagReport;
import dev.pancake.agent.protocol.Verb;

/**
 * {@code GET /}: one self-contained HTML page (inline CSS and script, nothing from the network).
 *
 * <p>Rendered on the server, so it reads without script too, and every value (flag names, group
 * ids from Redis, method signatures, the store's description) passes through {@link #escape}.
 * The script only sends changes and swaps in a freshly rendered copy of the page's parts, so there
 * is one renderer. The admin token is never in the page: the operator types it, and the script
 * keeps it in {@code sessionStorage} for the tab's lifetime.
 */
final class OverviewPage {

    /** What the header says about the agent. */
    record Header(String store, boolean storeUp, String storeProblem, String namespace, String config,
            boolean readOnly) {}

    private OverviewPage() {}

    static String render(Header header, List<FlagReport> flags, List<String> groups, String nonce) {
        return render(header, flags, groups, nonce, null);
    }

    /** The page, with the history, fleet and clean-up panels when {@code panels} is not null. */
    static String render(Header header, List<FlagReport> flags, List<String> groups, String nonce,
            FleetPanels.Panels panels) {
        StringBuilder h = new StringBuilder(8_192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Pancake flags</title>\n<style nonce=\"").append(nonce).append("\">")
                .append(PageAssets.CSS).append("</style>\n</head>\n<body>\n<header>\n")
                .append("<h1>Pancake <small>feature flags</small></h1>\n");
        status(h, header);
        h.append("<form class=\"auth\" id=\"auth\"><label for=\"token\">Admin token</label> ")
                .append("<input id=\"token\" type=\"password\" autocomplete=\"off\" spellcheck=\"false\" ")
                .append("placeholder=\"admin.token\"> <button type=\"button\" id=\"forget\">Forget</button> ")
                .append("<label for=\"reason\">Reason</label> <input id=\"reason\" maxlength=\"500\" ")
                .append("placeholder=\"kept in the history\"></form>\n")
                .append("</header>\n<p id=\"message\" role=\"status\" aria-live=\"polite\"></p>\n");
        flags(h, header, flags, groups, panels);
        FleetPanels.render(h, panels);
        h.append("<script nonce=\"").append(nonce).append("\">").append(PageAssets.SCRIPT).append("</script>\n")
                .append("</body>\n</html>\n");
        return h.toString();
    }

    private static void status(StringBuilder h, Header header) {
        h.append("<p id=\"store\" class=\"store ").append(header.storeUp() ? "up" : "down").append("\">")
                .append("<span class=\"dot\"></span>").append(escape(header.store()));
        if (!header.storeUp()) {
            h.append(" <strong>unreachable</strong>");
            if (header.storeProblem() != null) {
                h.append(": ").append(escape(header.storeProblem()));
            }
            h.append(" (gated calls use the last known values)");
        }
        h.append(" · namespace <code>").append(escape(header.namespace())).append("</code> · <code>")
                .append(escape(header.config())).append("</code></p>\n");
    }

    private static void flags(StringBuilder h, Header header, List<FlagReport> flags, List<String> groups,
            FleetPanels.Panels panels) {
        h.append("<main id=\"flags\"").append(header.readOnly() ? " class=\"read-only\"" : "").append(">\n");
        if (header.readOnly()) {
            h.append("<p class=\"notice\">Read-only: admin.token is not set in <code>").append(escape(header.config()))
                    .append("</code>, so this page cannot change flags.</p>\n");
        }
        if (flags.isEmpty()) {
            h.append("<p class=\"empty\">No flags are declared in <code>").append(escape(header.config()))
                    .append("</code>.</p>\n</main>\n");
            return;
        }
        h.append("<table>\n<thead><tr><th>Flag</th><th>Type</th><th>Default</th><th>Current</th>")
                .append("<th class=\"num\" title=\"gated calls that ran the method\">Active</th>")
                .append("<th class=\"num\" title=\"gated calls that found the flag inactive\">Inactive</th>")
                .append("<th class=\"num\" title=\"fallbacks that ran\">Fallback</th>")
                .append("<th class=\"num\" title=\"evaluations that failed inside the agent\">Error</th>")
                .append("<th>Change</th></tr></thead>\n");
        for (FlagReport f : flags) {
            h.append("<tbody class=\"flag\" data-type=\"").append(f.type().lower()).append("\" data-name=\"")
                    .append(escape(f.name())).append("\">\n<tr>");
            h.append("<td class=\"name\"><strong>").append(escape(f.name())).append("</strong>");
            if (!f.declared()) {
                h.append(" <span class=\"badge\">not declared</span>");
            }
            FleetPanels.badges(h, panels, f.type().lower() + ":" + f.name());
            FleetPanels.flagHistory(h, panels, f.name());
            if (!f.methods().isEmpty()) {
                h.append("<ul class=\"methods\">");
                for (String m : f.methods()) {
                    h.append("<li><code>").append(escape(m)).append("</code></li>");
                }
                h.append("</ul>");
            }
            h.append("</td><td>").append(f.type().lower()).append("</td><td>").append(escape(f.defaultText()))
                    .append("</td><td class=\"current\">");
            value(h, f);
            h.append("</td>");
            FlagReport.Counts c = f.counts();
            for (long n : c == null ? new long[4] : new long[] {c.active(), c.inactive(), c.fallback(), c.error()}) {
                h.append("<td class=\"num\">").append(n).append("</td>");
            }
            h.append("<td class=\"actions\">");
            if (f.declared()) {
                actions(h, f);
            } else {
                h.append("<span class=\"hint\">declare it in pancake.yml to change it</span>");
            }
            h.append("</td></tr>\n");
            if (f.type() == FlagType.FLAG && f.declared()) {
                overrides(h, f, groups);
            }
            h.append("</tbody>\n");
        }
        h.append("</table>\n</main>\n");
    }

    private static void value(StringBuilder h, FlagReport f) {
        if (f.type() == FlagType.SAMPLE) {
            h.append("<span class=\"value percent\">").append(escape(f.current())).append(" %</span>");
        } else {
            boolean on = "true".equals(f.current());
            h.append("<span class=\"value ").append(on ? "on" : "off").append("\">").append(on ? "on" : "off")
                    .append("</span>");
        }
        h.append(f.stored() == null ? "<span class=\"source\">default</span>"
                : "<span class=\"source\">stored <code>" + escape(f.stored()) + "</code></span>");
    }

    private static void actions(StringBuilder h, FlagReport f) {
        if (f.type() == FlagType.SAMPLE) {
            h.append("<input name=\"percent\" inputmode=\"decimal\" size=\"6\" aria-label=\"percent of ")
                    .append(escape(f.name())).append("\" value=\"").append(escape(f.current())).append("\"> % ")
                    .append(button(Verb.SET, "Set", null, null)).append(button(Verb.CLEAR, "Clear", null, null));
        } else {
            h.append(button(Verb.ENABLE, "Enable", null, null)).append(button(Verb.DISABLE, "Disable", null, null))
                    .append(button(Verb.CLEAR, "Clear", null, null));
        }
    }

    private static void overrides(StringBuilder h, FlagReport f, List<String> groups) {
        h.append("<tr class=\"overrides\"><td colspan=\"9\">");
        for (Map.Entry<String, Map<String, Boolean>> group : f.overrides().entrySet()) {
            h.append("<div class=\"group\"><span class=\"group-name\">").append(escape(group.getKey()))
                    .append("</span> ");
            if (group.getValue().isEmpty()) {
                h.append("<span class=\"hint\">no overrides</span>");
            }
            for (Map.Entry<String, Boolean> id : group.getValue().entrySet()) {
                String state = id.getValue() == null ? "invalid" : id.getValue() ? "on" : "off";
                h.append("<span class=\"override ").append(state).append("\"><code>").append(escape(id.getKey()))
                        .append("</code> ").append(state).append(' ')
                        .append(button(Verb.CLEAR_GROUP, "×", group.getKey(), id.getKey())).append("</span>");
            }
            h.append("</div>");
        }
        if (!groups.isEmpty()) {
            h.append("<div class=\"group-form\"><select name=\"group\" aria-label=\"group of ").append(escape(f.name()))
                    .append("\">");
            for (String g : groups) {
                h.append("<option>").append(escape(g)).append("</option>");
            }
            h.append("</select> <input name=\"id\" placeholder=\"id\" aria-label=\"id in the group\"> ")
                    .append(button(Verb.ENABLE_GROUP, "Enable for id", null, null))
                    .append(button(Verb.DISABLE_GROUP, "Disable for id", null, null))
                    .append(button(Verb.CLEAR_GROUP, "Clear id", null, null))
                    .append(button(Verb.CLEAR_ALL_GROUP, "Clear whole group", null, null)).append("</div>");
        }
        h.append("</td></tr>\n");
    }

    private static String button(Verb verb, String label, String group, String id) {
        StringBuilder b = new StringBuilder("<button type=\"button\" data-verb=\"").append(verb.word()).append('"');
        if (group != null) {
            b.append(" data-group=\"").append(escape(group)).append('"');
        }
        if (id != null) {
            b.append(" data-id=\"").append(escape(id)).append("\" title=\"clear ").append(escape(id)).append('"');
        }
        return b.append('>').append(escape(label)).append("</button> ").toString();
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String r;
            switch (c) {
                case '&': r = "&amp;"; break;
                case '<': r = "&lt;"; break;
                case '>': r = "&gt;"; break;
                case '"': r = "&quot;"; break;
                case '\'': r = "&#39;"; break;
                default: r = null; break;
            }
            if (r != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (r != null) {
                    out.append(r);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
