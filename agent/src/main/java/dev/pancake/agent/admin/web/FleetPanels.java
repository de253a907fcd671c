package dev.pancake.agent.admin.web;

import static dev.pancake.agent.admin.web.OverviewPage.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pancake.agent.admin.OperatorViews;
import dev.pancake.agent.admin.cli.HistoryCommand;
import dev.pancake.agent.fleet.Instance;
import dev.pancake.agent.fleet.Stale;
import dev.pancake.agent.history.HistoryEntry;

/**
 * The page's panels beyond the flags: the history (overall, and each flag's own under its name),
 * the fleet, and the flags to clean up (with a badge on each such flag's row). Every value passes
 * through {@link OverviewPage#escape}: the history holds whatever other clients wrote.
 */
final class FleetPanels {

    /** How many entries the overall panel shows, and each flag's. */
    static final int OVERALL = 20;
    static final int PER_FLAG = 5;

    /** What the panels show. */
    record Panels(OperatorViews.View<HistoryEntry> history, OperatorViews.View<Instance> instances,
            OperatorViews.View<Stale.Finding> stale, int days) {

        /** The stale findings of one flag ({@code switch:NAME}). */
        List<Stale.Finding> staleOf(String flag) {
            List<Stale.Finding> out = new ArrayList<>();
            for (Stale.Finding f : stale.items()) {
                if (f.flag().equals(flag)) {
                    out.add(f);
                }
            }
            return out;
        }
    }

    private FleetPanels() {}

    /** The badges of a flag's row: unused, orphan, fully on. */
    static void badges(StringBuilder h, Panels p, String flag) {
        if (p == null) {
            return;
        }
        for (Stale.Finding f : p.staleOf(flag)) {
            h.append(" <span class=\"badge stale ").append(f.kind().word()).append("\" title=\"").append(escape(f.why()))
                    .append(f.command() == null ? "" : "; remove its keys with " + escape(f.command())).append("\">")
                    .append(escape(f.kind().word().replace('-', ' '))).append("</span>");
        }
    }

    /** A flag's own newest changes, folded under its name. */
    static void flagHistory(StringBuilder h, Panels p, String name) {
        if (p == null) {
            return;
        }
        List<HistoryEntry> mine = new ArrayList<>();
        for (HistoryEntry e : p.history().items()) {
            if (e.about(name) && mine.size() < PER_FLAG) {
                mine.add(e);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        h.append("<details class=\"flag-history\"><summary>history</summary><ul>");
        for (HistoryEntry e : mine) {
            h.append("<li>").append(escape(HistoryCommand.time(e.time()))).append(' ').append(escape(e.what())).append(" · ")
                    .append(escape(e.actor())).append(" via ").append(escape(e.via()));
            if (e.reason() != null) {
                h.append(" · <q>").append(escape(e.reason())).append("</q>");
            }
            h.append("</li>");
        }
        h.append("</ul></details>");
    }

    static void render(StringBuilder h, Panels p) {
        if (p == null) {
            return;
        }
        history(h, p.history());
        fleet(h, p.instances());
        cleanup(h, p.stale(), p.days());
    }

    private static void local(StringBuilder h, OperatorViews.View<?> view, String what) {
        if (view.local()) {
            h.append("<p class=\"notice\">Redis could not be read for the ").append(what).append(" (")
                    .append(escape(view.problem())).append("): this JVM's own view.</p>");
        }
    }

    private static void history(StringBuilder h, OperatorViews.View<HistoryEntry> view) {
        h.append("<section id=\"history\" class=\"panel\"><h2>History</h2>\n");
        local(h, view, "history");
        if (view.items().isEmpty()) {
            h.append("<p class=\"empty\">No changes are recorded.</p>");
        } else {
            h.append("<table><thead><tr><th>Time</th><th>Flag</th><th>Change</th><th>Actor</th><th>Via</th><th>Host</th>")
                    .append("<th>Reason</th></tr></thead><tbody>");
            int n = 0;
            for (HistoryEntry e : view.items()) {
                if (n++ == OVERALL) {
                    break;
                }
                h.append("<tr class=\"entry\"><td>").append(escape(HistoryCommand.time(e.time()))).append("</td><td><code>")
                        .append(escape(e.flag())).append("</code> ").append(escape(e.type())).append("</td><td>")
                        .append(escape(e.what())).append("</td><td class=\"actor\">").append(escape(e.actor()))
                        .append("</td><td class=\"via\">").append(escape(e.via())).append("</td><td>").append(escape(e.host()))
                        .append("</td><td class=\"reason\">").append(escape(e.reason())).append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        h.append("</section>\n");
    }

    private static void fleet(StringBuilder h, OperatorViews.View<Instance> view) {
        h.append("<section id=\"fleet\" class=\"panel\"><h2>Fleet</h2>\n");
        local(h, view, "fleet");
        if (view.items().isEmpty()) {
            h.append("<p class=\"empty\">No running instance has sent a heartbeat.</p>");
        } else {
            h.append("<table><thead><tr><th>App</th><th>Host</th><th class=\"num\">Pid</th><th>Java</th><th>Agent</th>")
                    .append("<th>Started</th><th>Last heard</th><th>Store</th><th>Flags evaluated</th></tr></thead><tbody>");
            for (Instance i : view.items()) {
                List<String> used = new ArrayList<>();
                for (Instance.FlagUse f : i.flags()) {
                    if (f.evaluations() > 0) {
                        used.add(f.name() + " " + f.evaluations());
                    }
                }
                h.append("<tr class=\"instance\" data-pid=\"").append(i.pid()).append("\"><td class=\"app\">")
                        .append(escape(i.app())).append("</td><td>").append(escape(i.host())).append("</td><td class=\"num\">")
                        .append(i.pid()).append("</td><td>").append(escape(i.java())).append("</td><td>")
                        .append(escape(i.agent())).append("</td><td>").append(escape(HistoryCommand.time(i.started())))
                        .append("</td><td>").append(escape(HistoryCommand.time(i.beat()))).append("</td><td>")
                        .append(i.storeUp() ? "up" : "down").append("</td><td>").append(escape(String.join(", ", used)))
                        .append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        h.append("</section>\n");
    }

    private static void cleanup(StringBuilder h, OperatorViews.View<Stale.Finding> view, int days) {
        h.append("<section id=\"cleanup\" class=\"panel\"><h2>Clean-up <small>(").append(days).append(" days)</small></h2>\n");
        local(h, view, "clean-up");
        if (view.items().isEmpty()) {
            h.append("<p class=\"empty\">Nothing to clean up.</p>");
        } else {
            h.append("<table><thead><tr><th>Kind</th><th>Flag</th><th>Why</th><th>Remove its keys with</th></tr></thead><tbody>");
            Map<String, List<Stale.Finding>> byFlag = Stale.byFlag(view.items());
            for (List<Stale.Finding> fs : byFlag.values()) {
                for (Stale.Finding f : fs) {
                    h.append("<tr class=\"stale ").append(f.kind().word()).append("\"><td>").append(escape(f.kind().word()))
                            .append("</td><td><code>").append(escape(f.flag())).append("</code></td><td>").append(escape(f.why()))
                            .append("</td><td><code class=\"command\">").append(escape(f.command() == null ? "(no keys)" : f.command()))
                            .append("</code></td></tr>");
                }
            }
            h.append("</tbody></table>");
        }
        h.append("</section>\n");
    }
}
