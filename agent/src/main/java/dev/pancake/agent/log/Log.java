package dev.pancake.agent.log;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;


/**
 * The agent's logger: lines on stderr prefixed {@code [pancake]}, never through the
 * application's logging (and never java.util.logging, whose early initialisation breaks some
 * servers). The level comes from {@code -Dpancake.log.level} (error, warn, info, debug; default
 * info). A healthy agent logs nothing at info: normal operation is reported at debug. Every line
 * is scrubbed of passwords and tokens ({@link Secrets}) before it is written.
 */
public final class Log {

    public enum Level { ERROR, WARN, INFO, DEBUG }

    private static final int MAX_ONCE_KEYS = 10_000;
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();
    private static volatile Level threshold = parse(System.getProperty("pancake.log.level"));
    private static volatile PrintStream out = System.err;

    private Log() {}

    static Level parse(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "error": return Level.ERROR;
            case "warn": case "warning": return Level.WARN;
            case "debug": case "trace": case "all": return Level.DEBUG;
            case "off": case "none": return null;
            default: return Level.INFO;
        }
    }

    public static boolean enabled(Level level) {
        Level t = threshold;
        return t != null && level.ordinal() <= t.ordinal();
    }

    public static void error(String message) {
        log(Level.ERROR, message);
    }

    public static void warn(String message) {
        log(Level.WARN, message);
    }

    public static void info(String message) {
        log(Level.INFO, message);
    }

    public static void debug(String message) {
        log(Level.DEBUG, message);
    }

    /** Logs the message the first time {@code key} is seen, so that a cause is reported once, not once per call. */
    public static boolean once(Level level, String key, String message) {
        if (ONCE.size() >= MAX_ONCE_KEYS && !ONCE.contains(key)) {
            return false;
        }
        if (ONCE.add(key)) {
            log(level, message);
            return true;
        }
        return false;
    }

    /** Allows {@link #once} to report {@code key} again, for example after the cause went away. */
    public static void forget(String key) {
        ONCE.remove(key);
    }

    public static void log(Level level, String message) {
        if (enabled(level)) {
            out.println("[pancake] " + level + " " + oneLine(Secrets.scrub(message)));
        }
    }

    /**
     * The message with control characters escaped ({@code \n} becomes the two characters
     * {@code \\n}): a message that quotes a Redis key, a value or an exception stays one line, so
     * nobody who can write to Redis can forge log lines.
     */
    static String oneLine(String message) {
        int i = 0;
        while (i < message.length() && !isControl(message.charAt(i))) {
            i++;
        }
        if (i == message.length()) {
            return message;
        }
        StringBuilder b = new StringBuilder(message.length() + 16).append(message, 0, i);
        for (; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (isControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
    }

    /** For tests. */
    public static void redirect(PrintStream stream, Level level) {
        out = stream;
        threshold = level;
        ONCE.clear();
    }
}
