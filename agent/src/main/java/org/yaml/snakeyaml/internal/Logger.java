package org.yaml.snakeyaml.internal;

import dev.pancake.agent.log.Log;

/**
 * Takes the place of SnakeYAML's own {@code internal.Logger} in the agent jar (the shade plugin
 * drops SnakeYAML's, then relocates this one with the rest of SnakeYAML).
 *
 * <p>SnakeYAML's Java 8 variant calls {@code java.util.logging.Logger.getLogger} as soon as a
 * {@code SafeConstructor} is created, which happens in premain when pancake.yml is read. That
 * initialises the JDK's LogManager before the application can install its own, and servers such
 * as WildFly then refuse to start. (The multi-release Java 9 variant that uses System.Logger is
 * not in the agent jar: it drops {@code META-INF/versions/}.) This one reports through the
 * agent's {@code [pancake]} logger instead. Same API as SnakeYAML 2.x's class.
 */
public class Logger {

    /** SnakeYAML's levels. */
    public enum Level {
        WARNING, DEBUG
    }

    private final String name;

    private Logger(String name) {
        this.name = name;
    }

    public static Logger getLogger(String name) {
        return new Logger(name);
    }

    public boolean isLoggable(Level level) {
        return Log.enabled(level == Level.WARNING ? Log.Level.WARN : Log.Level.DEBUG);
    }

    public void warn(String msg) {
        Log.warn("SnakeYAML (" + name + "): " + msg);
    }

    public void debug(String msg) {
        Log.debug("SnakeYAML (" + name + "): " + msg);
    }
}
