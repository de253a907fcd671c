package dev.pancake.agent.protocol;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.Percent;

/**
 * The values flask-pancake 0.5 stores: "1" or "0" for a switch, a flag and an override, a
 * percentage for a sample. Says whether a raw value is one of them, what it means, how on and off
 * are written, and how a key or a value is shown in a message.
 */
public final class StoredValue {

    /** How on and off are written. */
    public static final String ON = "1";
    public static final String OFF = "0";

    private StoredValue() {}

    /** Whether a raw value is valid for the type; null (absent) is not. */
    public static boolean valid(FlagType type, String raw) {
        if (raw == null) {
            return false;
        }
        return type == FlagType.SAMPLE ? Percent.parse(raw) >= 0 : ON.equals(raw) || OFF.equals(raw);
    }

    /** A switch's, flag's or override's value as on/off: null when it is neither "1" nor "0". */
    public static Boolean onOff(String raw) {
        return ON.equals(raw) ? Boolean.TRUE : OFF.equals(raw) ? Boolean.FALSE : null;
    }

    /** The value that stores on or off. */
    public static String encode(boolean on) {
        return on ? ON : OFF;
    }

    /** What a value of the type must be, for a warning ("expected ..."). */
    public static String expected(FlagType type) {
        return type == FlagType.SAMPLE ? "a percentage in 0..100" : "\"1\" or \"0\"";
    }

    /** A key for a message: keys are names, but one written by anybody can be enormous. */
    public static String shortKey(String key) {
        return key.length() > 200 ? key.substring(0, 197) + "..." : key;
    }

    /** A value for a message: shortened, quoted, with control characters replaced by '?'. */
    public static String quoted(String raw) {
        String s = raw.length() > 60 ? raw.substring(0, 57) + "..." : raw;
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.append('"').toString();
    }
}
