package dev.pancake.agent.config;

import java.util.Locale;

/** The three kinds of flag, as in {@code @Toggle(type = ...)} and flask-pancake. */
public enum FlagType {
    SWITCH, FLAG, SAMPLE;

    /** The Redis key prefix: flask-pancake names keys after the class, upper-cased. */
    public String keyPrefix() {
        return name();
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses switch, flag or sample in any case; null when it is none of them. */
    public static FlagType parse(String text) {
        if (text == null) {
            return null;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "switch": case "switches": return SWITCH;
            case "flag": case "flags": return FLAG;
            case "sample": case "samples": return SAMPLE;
            default: return null;
        }
    }
}
