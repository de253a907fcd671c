package dev.pancake.agent.config;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.function.Consumer;

import dev.pancake.agent.log.Log;

/**
 * Applies edits of pancake.yml to a running agent within a second. Polls the file's size, time
 * and content rather than using a WatchService, which misses changes on some file systems and
 * through the symbolic links that Kubernetes uses for mounted ConfigMaps. A file that does not
 * parse is reported (with line and column) once per content, and the previous configuration
 * stays in force.
 */
public final class ConfigWatcher {

    static final long POLL_MS = 500;

    private final Path path;
    private final Consumer<Config> onChange;
    private final Thread thread;
    private volatile boolean closed;
    private String lastText;
    private Object lastStamp;
    private boolean missingReported;
    private String lastReadProblem;

    public ConfigWatcher(Path path, String appliedText, Consumer<Config> onChange) {
        this.path = path;
        this.onChange = onChange;
        this.lastText = appliedText;
        this.thread = new Thread(this::run, "pancake-config");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(POLL_MS);
                check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                Log.once(Log.Level.ERROR, "watcher:" + e, "watching " + path + " failed: " + e);
            }
        }
    }

    /** The {@link Log#once} key of a file that cannot be read, shared with the start-up's report of it. */
    public static String readProblemKey(ConfigException e) {
        return "config-read:" + e.getMessage();
    }

    /** One poll; package-private for tests. */
    void check() {
        Object stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(path.toRealPath(), BasicFileAttributes.class);
            stamp = Arrays.asList(a.lastModifiedTime(), a.size(), a.fileKey(), path.toRealPath());
        } catch (NoSuchFileException e) {
            if (lastText != null && !missingReported) {
                Log.warn(path + " was removed; the configuration read last stays in force");
                missingReported = true;
            }
            return;
        } catch (java.io.IOException | SecurityException e) {
            return;
        }
        if (stamp.equals(lastStamp)) {
            return;
        }
        lastStamp = stamp;
        missingReported = false;
        String text;
        try {
            text = ConfigFile.read(path);
        } catch (NoSuchFileException e) {
            return;
        } catch (ConfigException e) {
            // keyed like the agent's start-up report, so a file that stays unreadable is reported once
            lastReadProblem = readProblemKey(e);
            Log.once(Log.Level.ERROR, lastReadProblem, e.getMessage() + "; the previous configuration stays in force");
            return;
        }
        if (lastReadProblem != null) {
            Log.forget(lastReadProblem);
            lastReadProblem = null;
        }
        if (text.equals(lastText)) {
            return;
        }
        lastText = text;
        Config next;
        try {
            next = ConfigParser.parse(text, path.toString());
        } catch (ConfigException e) {
            Log.error(path + " is not valid, the previous configuration stays in force:\n" + e.getMessage());
            return;
        }
        Log.info("read " + path + " again: " + next.flags().size() + " flags");
        onChange.accept(next);
    }
}
