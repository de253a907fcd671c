package dev.pancake.agent.config;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.pancake.agent.background.Background;
import dev.pancake.agent.log.Log;

/**
 * Applies edits of pancake.yml to a running agent within a second: it looks every half second,
 * and leaves a file alone while it is younger than 200 ms, so that it never reads half a write.
 * Polls the file's size, time and content rather than using a WatchService, which misses changes
 * on some file systems and through the symbolic links that Kubernetes uses for mounted
 * ConfigMaps. A file that does not parse is reported (each problem with its line and column)
 * once per content, and the previous configuration stays in force.
 */
public final class ConfigWatcher {

    static final long POLL_MS = 500;
    private static final long RECENT_MS = 3_000;
    private static final long SETTLE_MS = 200;

    private final Path path;
    private final Consumer<Config> onChange;
    private volatile Future<?> polling;
    private String lastText;
    private Object lastStamp;
    private boolean missingReported;
    private String unreadable;
    private volatile BooleanSupplier trusted; // null: always

    public ConfigWatcher(Path path, String appliedText, Consumer<Config> onChange) {
        this.path = path;
        this.onChange = onChange;
        this.lastText = appliedText;
    }

    /**
     * The file could not be read at start-up, and that was reported: the first poll that finds it
     * still unreadable for the same reason says nothing more.
     */
    public ConfigWatcher unreadableAtStart(ConfigException e) {
        unreadable = e.getMessage();
        return this;
    }

    /** Reads a changed file only while {@code trusted} says so (see {@link ConfigLocator#trusted()}). */
    public ConfigWatcher readOnlyIf(BooleanSupplier trusted) {
        this.trusted = trusted;
        return this;
    }

    /** Looks every {@link #POLL_MS} on the agent's timer thread. */
    public void start() {
        polling = Background.every(POLL_MS, "watching " + path, new Runnable() {
            @Override
            public void run() {
                check();
            }
        });
    }

    public void close() {
        Future<?> p = polling;
        if (p != null) {
            p.cancel(false);
        }
    }

    /** One poll; package-private for tests. */
    void check() {
        Object stamp;
        boolean recent;
        try {
            BasicFileAttributes a = Files.readAttributes(path.toRealPath(), BasicFileAttributes.class);
            stamp = Arrays.asList(a.lastModifiedTime(), a.size(), a.fileKey(), path.toRealPath());
            // Two edits within one tick of a coarse file clock (1 s on some file systems) leave the
            // same time and perhaps the same size: while the file is that young, compare its text.
            long age = System.currentTimeMillis() - a.lastModifiedTime().toMillis();
            if (age >= 0 && age < SETTLE_MS) {
                return; // being written right now (an editor that truncates, then writes): read it next time
            }
            recent = Math.abs(age) < RECENT_MS;
        } catch (NoSuchFileException e) {
            if (lastText != null && !missingReported) {
                Log.warn(path + " was removed; the configuration read last stays in force");
                missingReported = true;
            }
            return;
        } catch (java.io.IOException | SecurityException e) {
            return;
        }
        if (stamp.equals(lastStamp) && !recent) {
            return;
        }
        if (trusted != null && !trusted.getAsBoolean()) {
            return; // the stamp stays unrecorded: once the file is fixed, it is read
        }
        lastStamp = stamp;
        missingReported = false;
        String text;
        try {
            text = ConfigFile.read(path);
        } catch (NoSuchFileException e) {
            return;
        } catch (ConfigException e) {
            if (!e.getMessage().equals(unreadable)) {
                report(e);
                unreadable = e.getMessage();
            }
            return;
        }
        unreadable = null;
        if (text.equals(lastText)) {
            return;
        }
        lastText = text;
        Config next;
        try {
            next = ConfigParser.parse(text, path.toString());
        } catch (ConfigException e) {
            report(e);
            return;
        }
        Log.info("read " + path + " again: " + next.flags().size() + " flags");
        onChange.accept(next);
    }

    /** One line per problem, each with its line and column. */
    private static void report(ConfigException e) {
        for (ConfigException.Problem p : e.problems()) {
            Log.error(p + "; the previous configuration stays in force");
        }
    }
}
