package dev.pancake.agent.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.pancake.agent.config.Config;

/**
 * Who made a change ({@code actor}), through what ({@code via}), on which machine ({@code host}),
 * and why ({@code reason}, optional).
 */
public record Origin(String actor, String via, String host, String reason) {

    public static final String CLI = "cli";
    public static final String ADMIN = "admin";
    public static final String JMX = "jmx";
    public static final String API = "api";
    public static final String EXTERNAL = "external";

    /** The longest reason kept; a longer one is cut. */
    public static final int MAX_REASON = 500;
    private static final int MAX_ACTOR = 100;

    public Origin {
        actor = cut(actor == null || actor.isBlank() ? "unknown" : actor.strip(), MAX_ACTOR);
        reason = reason == null || reason.isBlank() ? null : cut(reason.strip(), MAX_REASON);
    }

    /** The CLI's: {@code PANCAKE_ACTOR} when set, else the OS user. */
    public static Origin cli(String reason) {
        String actor = System.getenv("PANCAKE_ACTOR");
        return new Origin(actor == null || actor.isBlank() ? System.getProperty("user.name") : actor, CLI, thisHost(), reason);
    }

    /** The programmatic API's: the application. */
    public static Origin api(Config config) {
        return new Origin(application(config), API, thisHost(), null);
    }

    public static Origin of(String actor, String via, String reason) {
        return new Origin(actor, via, thisHost(), reason);
    }

    /**
     * The application's name: {@code app:} in pancake.yml, else the jar's file name or the main
     * class, as the JVM was started ({@code sun.java.command}).
     */
    public static String application(Config config) {
        if (config.app() != null) {
            return config.app();
        }
        String command = System.getProperty("sun.java.command", "").strip();
        String first = command.isEmpty() ? "" : command.split(" ")[0];
        if (first.endsWith(".jar")) {
            first = Path.of(first).getFileName().toString();
        }
        return first.isEmpty() ? "java" : first;
    }

    private static volatile String hostName;

    /**
     * This machine's name, without a DNS lookup where the system says it ({@code HOSTNAME}, the
     * kernel's host name): asking the resolver can take seconds.
     */
    public static String thisHost() {
        String h = hostName;
        if (h == null) {
            h = System.getenv("HOSTNAME");
            if (h == null || h.isBlank()) {
                try {
                    h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
                } catch (IOException | RuntimeException e) {
                    h = null;
                }
            }
            if (h == null || h.isBlank()) {
                try {
                    h = java.net.InetAddress.getLocalHost().getHostName();
                } catch (IOException e) {
                    h = "localhost";
                }
            }
            hostName = h;
        }
        return h;
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
