package dev.pancake.agent.admin.jmx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pancake.agent.engine.FlagReport;

/**
 * One flag as JMX shows it: a {@code CompositeData} with the items name, type, declared, default,
 * stored, current, active, inactive, fallback, error, overrides and methods.
 */
public final class FlagView {

    private final FlagReport report;

    FlagView(FlagReport report) {
        this.report = report;
    }

    public String getName() {
        return report.name();
    }

    /** switch, flag or sample. */
    public String getType() {
        return report.type().lower();
    }

    /** False for a flag used in code but missing from pancake.yml (always inactive). */
    public boolean isDeclared() {
        return report.declared();
    }

    /** true/false, or a sample's percentage. */
    public String getDefault() {
        return report.defaultText();
    }

    /** The value in the store ("1", "0", "42.5"), or null while the key is absent. */
    public String getStored() {
        return report.stored();
    }

    /** What the flag is now: true/false, or a sample's percentage. */
    public String getCurrent() {
        return report.current();
    }

    /** Gated calls that ran the method. */
    public long getActive() {
        return report.counts() == null ? 0 : report.counts().active();
    }

    /** Gated calls that found the flag inactive. */
    public long getInactive() {
        return report.counts() == null ? 0 : report.counts().inactive();
    }

    /** Fallbacks that ran. */
    public long getFallback() {
        return report.counts() == null ? 0 : report.counts().fallback();
    }

    /** Evaluations that failed inside the agent (and so counted as inactive). */
    public long getError() {
        return report.counts() == null ? 0 : report.counts().error();
    }

    /** A flag's per-group overrides, from flask-pancake's tracking sets. */
    public List<OverrideView> getOverrides() {
        List<OverrideView> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Boolean>> group : report.overrides().entrySet()) {
            for (Map.Entry<String, Boolean> id : group.getValue().entrySet()) {
                out.add(new OverrideView(group.getKey(), id.getKey(), id.getValue()));
            }
        }
        return out;
    }

    /** The gated methods that use the flag. */
    public List<String> getMethods() {
        return report.methods();
    }

    /** One override: a group member for whom a flag is on or off whatever its global state. */
    public static final class OverrideView {

        private final String group;
        private final String id;
        private final Boolean active;

        OverrideView(String group, String id, Boolean active) {
            this.group = group;
            this.id = id;
            this.active = active;
        }

        public String getGroup() {
            return group;
        }

        public String getId() {
            return id;
        }

        /** "true", "false", or "invalid" when the stored value is neither "1" nor "0". */
        public String getState() {
            return active == null ? "invalid" : active.toString();
        }
    }
}
