package dev.pancake.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kills the child processes and deletes the temp directories this JVM created, at the latest when it exits.
 *
 * <p>A test that fails or forgets {@code close()} must not leave a redis-server or a forked JVM running on the
 * developer's machine or in CI, where an orphan would hold a port and outlive the build.
 */
final class Reaper {
    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::reapAll, "pancake-testkit-reaper"));
    }

    private Reaper() {
    }

    /** Remembers {@code process} so that it is killed when the JVM exits. */
    static Process track(Process process) {
        PROCESSES.add(process);
        return process;
    }

    /** Kills {@code process} and its descendants now (SIGKILL also ends a SIGSTOPped process) and forgets it. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PROCESSES.remove(process);
    }

    /** Creates a temp directory that is deleted when the JVM exits, unless {@link #delete} deleted it before. */
    static Path tempDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            DIRECTORIES.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /** Deletes {@code dir} with everything in it; best effort, since it only frees disk space. */
    static void delete(Path dir) {
        DIRECTORIES.remove(dir);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Leftovers in the temp dir are harmless; failing a test over them would not be.
        }
    }

    private static void reapAll() {
        PROCESSES.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        // Give the kernel a moment so that files the processes held can be deleted below.
        PROCESSES.forEach(p -> {
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DIRECTORIES.forEach(Reaper::delete);
    }
}
