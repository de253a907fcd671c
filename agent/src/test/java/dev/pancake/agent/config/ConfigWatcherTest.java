package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pancake.agent.log.Log;

/** Live reload of pancake.yml (within 2 s of an edit): edits apply, broken edits are reported and ignored. */
class ConfigWatcherTest {

    private static final String V1 = "flags:\n  A: {default: false}\n";
    private static final String V2 = "flags:\n  A: {default: true}\n";

    @TempDir
    Path dir;

    private final BlockingQueue<Config> applied = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Path file;
    private ConfigWatcher watcher;

    @BeforeEach
    void setUp() throws IOException {
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8), Log.Level.INFO);
        file = dir.resolve("pancake.yml");
        write(V1);
        watcher = new ConfigWatcher(file, V1, applied::add);
    }

    /** Writes the file as an editor would have, a second ago (younger files are left for the next look). */
    private void write(String text) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 1_000));
    }

    @AfterEach
    void tearDown() {
        watcher.close();
        Log.redirect(System.err, Log.Level.INFO);
    }

    private List<String> logLines() {
        return log.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void anUnchangedFileIsNotAppliedAgain() {
        watcher.check();
        watcher.check();
        assertTrue(applied.isEmpty());
    }

    @Test
    void anEditIsAppliedOnTheNextLook() throws IOException {
        write(V2);
        watcher.check();
        assertEquals(1, applied.size());
        assertTrue(applied.poll().flag("A").defaultActive());
        watcher.check();
        assertTrue(applied.isEmpty(), "applied once");
    }

    @Test
    void anEditThatKeepsTheSizeAndTheFileTimeIsStillSeen() throws IOException {
        FileTime time = Files.getLastModifiedTime(file);
        watcher.check();
        String twin = "flags:\n  B: {default: false}\n";
        assertEquals(V1.length(), twin.length());
        Files.writeString(file, twin);
        Files.setLastModifiedTime(file, time); // a file system whose clock ticks once a second
        watcher.check();
        Config next = applied.poll();
        assertNotNull(next, "the edit was missed");
        assertNotNull(next.flag("B"));
    }

    @Test
    void aBrokenEditIsReportedWithLineAndColumnAndThePreviousConfigurationStays() throws IOException {
        write("flags:\n  A: {default: true}\n  B: {defualt: true}\n  C: {type: sample, default: 120}\n");
        watcher.check();
        watcher.check();
        assertTrue(applied.isEmpty());
        String path = file.toString();
        assertEquals(List.of(
                "[pancake] ERROR " + path + ":3:7: flags.B.defualt: unknown key \"defualt\"; expected one of [default,"
                        + " fallback, methods, sticky, type]; the previous configuration stays in force",
                "[pancake] ERROR " + path + ":4:30: flags.C.default: a sample's default is a percentage in 0..100, got"
                        + " \"120\"; the previous configuration stays in force"),
                logLines(), "reported once, one line per problem");
        write("flags:\n  A: {default: [true}\n");
        watcher.check();
        assertTrue(logLines().get(2).startsWith("[pancake] ERROR " + path + ":2:"), logLines().get(2));
        assertTrue(logLines().get(2).contains("not valid YAML"), logLines().get(2));
        write(V2);
        watcher.check();
        assertTrue(applied.poll().flag("A").defaultActive(), "a fixed file applies");
    }

    @Test
    void aRemovedFileIsReportedOnceAndTheConfigurationStays() throws IOException {
        Files.delete(file);
        watcher.check();
        watcher.check();
        assertTrue(applied.isEmpty());
        assertEquals(List.of("[pancake] WARN " + file + " was removed; the configuration read last stays in force"),
                logLines());
        write(V2);
        watcher.check();
        assertTrue(applied.poll().flag("A").defaultActive());
    }

    @Test
    void aFileThatIsBeingWrittenIsLeftForTheNextLook() throws IOException {
        Files.writeString(file, "flags:\n  A: {defa"); // half of a write, this very moment
        watcher.check();
        assertTrue(applied.isEmpty());
        assertEquals(List.of(), logLines(), "not reported: it may be half written");
        write(V2);
        watcher.check();
        assertTrue(applied.poll().flag("A").defaultActive());
    }

    @Test
    void theRunningWatcherAppliesAnEditWithinTwoSeconds() throws Exception {
        watcher.start();
        long start = System.nanoTime();
        Files.writeString(file, V2);
        // the watcher looks every POLL_MS (500 ms); the generous timeout only guards against a hang
        Config next = applied.poll(20, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertNotNull(next, "not applied within 20 s");
        assertTrue(next.flag("A").defaultActive());
        System.out.println("ConfigWatcherTest: an edit applied after " + ms + " ms");
        assertTrue(ConfigWatcher.POLL_MS * 2 <= 2_000, "two looks fit in the 2 s an edit may take to apply");
    }
}
