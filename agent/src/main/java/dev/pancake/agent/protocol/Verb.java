package dev.pancake.agent.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.pancake.agent.config.FlagType;

/**
 * What a write does to a flag, as the CLI, the admin page, JMX and the programmatic API name it.
 * Each type has its own verbs: a switch is enabled, disabled or cleared; a flag also has per-group
 * overrides; a sample's percentage is set or cleared.
 */
public enum Verb {
    ENABLE("enable"),
    DISABLE("disable"),
    CLEAR("clear"),
    SET("set"),
    ENABLE_GROUP("enable-group"),
    DISABLE_GROUP("disable-group"),
    CLEAR_GROUP("clear-group"),
    CLEAR_ALL_GROUP("clear-all-group");

    private static final List<Verb> SWITCH = List.of(ENABLE, DISABLE, CLEAR);
    private static final List<Verb> FLAG = List.of(ENABLE, DISABLE, CLEAR, ENABLE_GROUP, DISABLE_GROUP, CLEAR_GROUP,
            CLEAR_ALL_GROUP);
    private static final List<Verb> SAMPLE = List.of(SET, CLEAR);

    private final String word;

    Verb(String word) {
        this.word = word;
    }

    /** The word users type: {@code enable-group}. */
    public String word() {
        return word;
    }

    /** Whether this verb names a per-group override (it then needs a group, and an id unless it clears all). */
    public boolean perGroup() {
        return this == ENABLE_GROUP || this == DISABLE_GROUP || this == CLEAR_GROUP || this == CLEAR_ALL_GROUP;
    }

    /** The verbs a type has, in the order help lists them. */
    public static List<Verb> of(FlagType type) {
        switch (type) {
            case SWITCH: return SWITCH;
            case FLAG: return FLAG;
            default: return SAMPLE;
        }
    }

    /** The words of {@link #of(FlagType)}: {@code enable, disable, clear}. */
    public static List<String> words(FlagType type) {
        List<String> out = new ArrayList<>();
        of(type).forEach(v -> out.add(v.word));
        return out;
    }

    /**
     * The verb a type has under this word (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException when the type has no such verb; the message lists the ones it has
     */
    public static Verb parse(FlagType type, String word) {
        String w = word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
        for (Verb v : of(type)) {
            if (v.word.equals(w)) {
                return v;
            }
        }
        throw new IllegalArgumentException(refusal(type, w));
    }

    /** Throws unless the type has this verb. */
    static void check(FlagType type, Verb verb) {
        if (!of(type).contains(verb)) {
            throw new IllegalArgumentException(refusal(type, verb.word));
        }
    }

    private static String refusal(FlagType type, String word) {
        return "a " + type.lower() + " cannot " + (word.isEmpty() ? "(nothing)" : word) + "; a " + type.lower()
                + " can " + String.join(", ", words(type));
    }

    @Override
    public String toString() {
        return word;
    }
}
