package dev.pancake.agent.protocol;

import java.util.List;

import dev.pancake.agent.config.FlagType;

/**
 * flask-pancake 0.5's Redis keys for one namespace:
 * {@code SWITCH:{ns}:{NAME}}, {@code FLAG:{ns}:{NAME}}, {@code SAMPLE:{ns}:{NAME}},
 * {@code FLAG:{ns}:k:{group}:{NAME}:{id}} (an override) and {@code FLAG:{ns}:t:{group}:{NAME}}
 * (the set of a flag's override keys in a group); and Pancake's own keys, which flask-pancake
 * never reads, all under {@code PANCAKE:{ns}:}: the history stream, its markers, and the fleet's
 * heartbeats.
 */
public final class Keys {

    private final String namespace;
    private final String overridePrefix;
    private final String trackingPrefix;
    private final String own;

    public Keys(String namespace) {
        this.namespace = namespace;
        this.overridePrefix = "FLAG:" + namespace + ":k:";
        this.trackingPrefix = "FLAG:" + namespace + ":t:";
        this.own = "PANCAKE:" + namespace + ":";
    }

    /** {@code PANCAKE:{ns}:}, the prefix of every key that only Pancake uses. */
    public String own() {
        return own;
    }

    /** The stream of changes, {@code PANCAKE:{ns}:history}. */
    public String history() {
        return own + "history";
    }

    /**
     * {@code PANCAKE:{ns}:history:seen:{key}}: the value of a flag key that the history last
     * accounted for (set with every entry, expiring soon after), so that a change is recorded once.
     */
    public String seen(String key) {
        return own + "history:seen:" + key;
    }

    /** {@code PANCAKE:{ns}:instance:{id}}: one running agent's heartbeat. */
    public String instance(String id) {
        return own + "instance:" + id;
    }

    /** {@code PANCAKE:{ns}:instances}: the ids of the agents that sent a heartbeat, by the time of their last one. */
    public String instances() {
        return own + "instances";
    }

    /** {@code PANCAKE:{ns}:evaluated}: per flag ({@code switch:NAME}), when any agent last saw it evaluated. */
    public String evaluated() {
        return own + "evaluated";
    }

    public String namespace() {
        return namespace;
    }

    public String main(FlagType type, String name) {
        return type.keyPrefix() + ":" + namespace + ":" + name;
    }

    public String override(String group, String name, String id) {
        return overridePrefix + group + ":" + name + ":" + id;
    }

    public String tracking(String group, String name) {
        return trackingPrefix + group + ":" + name;
    }

    /** The prefixes whose changes the engine watches. They must not overlap (Redis refuses that). */
    public List<String> prefixes() {
        return List.of("SWITCH:" + namespace + ":", "FLAG:" + namespace + ":", "SAMPLE:" + namespace + ":");
    }

    /** What a key is, or null when it is none of ours. */
    public Ref parse(String key) {
        if (key.startsWith(overridePrefix)) {
            String rest = key.substring(overridePrefix.length());
            int a = rest.indexOf(':');
            int b = a < 0 ? -1 : rest.indexOf(':', a + 1);
            if (b < 0) {
                return null;
            }
            return new Ref(Ref.Kind.OVERRIDE, FlagType.FLAG, rest.substring(a + 1, b), rest.substring(0, a),
                    rest.substring(b + 1));
        }
        if (key.startsWith(trackingPrefix)) {
            String rest = key.substring(trackingPrefix.length());
            int a = rest.indexOf(':');
            return a < 0 ? null : new Ref(Ref.Kind.TRACKING, FlagType.FLAG, rest.substring(a + 1), rest.substring(0, a), null);
        }
        for (FlagType type : FlagType.values()) {
            String prefix = type.keyPrefix() + ":" + namespace + ":";
            if (key.startsWith(prefix)) {
                return new Ref(Ref.Kind.MAIN, type, key.substring(prefix.length()), null, null);
            }
        }
        return null;
    }

    /** A parsed key. */
    public record Ref(Kind kind, FlagType type, String name, String group, String id) {
        public enum Kind { MAIN, OVERRIDE, TRACKING }
    }
}
