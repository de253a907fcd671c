package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile or mistaken pancake.yml can cost is bounded before it is read whole: bytes on
 * the stream, nodes while composing, nodes behind aliases while walking; files that are not
 * regular files are not opened. Each is refused with one line naming the file and the limit.
 */
class ConfigLimitsTest {

    /** Far more than any of these needs on a loaded machine; the unbounded versions take minutes or never end. */
    private static final Duration QUICKLY = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** One long list, then four levels of five aliases each: 20 alias tokens, 625 times the list's nodes. */
    static String billionLaughs(int listLength) {
        StringBuilder b = new StringBuilder("a: &a [");
        for (int i = 0; i < listLength; i++) {
            b.append(i == 0 ? "x" : ",x");
        }
        b.append("]\n");
        String[] names = {"a", "b", "c", "d", "e"};
        for (int level = 1; level < names.length; level++) {
            b.append(names[level]).append(": &").append(names[level]).append(" [");
            for (int i = 0; i < 5; i++) {
                b.append(i == 0 ? "" : ",").append('*').append(names[level - 1]);
            }
            b.append("]\n");
        }
        return b.append("flags:\n  X: {default: false}\n").toString();
    }

    private static ConfigException.Problem refused(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(yaml, "pancake.yml", k -> null));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void aliasesCountAsTheNodesTheyStandFor() {
        // 1,000 scalars: well under the node limit, 20 aliases (SnakeYAML's limit), 625,000 nodes expanded
        ConfigException.Problem p = assertTimeoutPreemptively(QUICKLY, () -> refused(billionLaughs(1_000)));
        assertEquals("pancake.yml:4:4: more than 100,000 YAML nodes, counting each alias as the nodes it stands for;"
                + " is it really pancake.yml?", p.toString());
    }

    @Test
    void aLongFileIsRefusedWhileItIsComposedNotAfter() {
        // 1.9 million scalars in 3.8 MB, under the byte limit; composing them all would take about a gigabyte
        String yaml = billionLaughs(1_900_000);
        assertTrue(yaml.length() < ConfigFile.MAX_BYTES);
        ConfigException.Problem p = assertTimeoutPreemptively(QUICKLY, () -> refused(yaml));
        assertEquals(1, p.line());
        assertTrue(p.message().startsWith("more than 100,000 YAML nodes"), p.toString());
    }

    @Test
    void aliasesWithinTheLimitAreFine() throws ConfigException {
        String yaml = "flags:\n  A: &off {default: false, fallback: skip}\n  B: *off\n  C: *off\n";
        Config c = ConfigParser.parse(yaml, "pancake.yml", k -> null);
        assertEquals(List.of("A", "B", "C"), List.copyOf(c.flags().keySet()));
    }

    @Test
    void anAliasInsideWhatItStandsForIsRefused() {
        ConfigException.Problem p = assertTimeoutPreemptively(QUICKLY, () -> refused("flags: &f [*f]\n"));
        assertEquals("pancake.yml:1:8: an alias stands for a collection that contains it", p.toString());
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedByItsSize() throws IOException {
        Path big = dir.resolve("pancake.yml");
        Files.writeString(big, "# " + "x".repeat(ConfigFile.MAX_BYTES) + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(big));
        assertEquals(big + ": the file is larger than 4 MiB (4194304 bytes); is it really pancake.yml?", e.getMessage());
    }

    /** Files under /proc say they are empty and are not: what they hold is read, up to the limit. */
    @Test
    void aFileThatIsLongerThanItsSizeSaysIsReadAllTheSame() throws Exception {
        Path status = Path.of("/proc/self/status");
        assertTrue(Files.isRegularFile(status) && Files.size(status) == 0, "this test needs Linux's /proc, whose"
                + " files say they are empty and are not; " + status + " is missing or reports a size");
        assertTrue(ConfigFile.read(status).startsWith("Name:"));
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        Path file = dir.resolve("pancake.yml");
        Files.writeString(file, "#" + "x".repeat(ConfigFile.MAX_BYTES - 2) + "\n");
        assertEquals(ConfigFile.MAX_BYTES, ConfigFile.read(file).length());
    }

    @Test
    void aDeviceThatNeverEndsIsNotOpened() {
        Path zero = Path.of("/dev/zero");
        ConfigException e = assertTimeoutPreemptively(QUICKLY,
                () -> assertThrows(ConfigException.class, () -> ConfigFile.read(zero)));
        assertEquals("/dev/zero: not a regular file (a pipe, a device or a directory); pancake.yml must be a file",
                e.getMessage());
    }

    @Test
    void aPipeThatNobodyWritesIsNotOpened() throws Exception {
        Path fifo = dir.resolve("pancake.yml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        ConfigException e = assertTimeoutPreemptively(QUICKLY,
                () -> assertThrows(ConfigException.class, () -> ConfigFile.read(fifo)));
        assertTrue(e.getMessage().endsWith(": not a regular file (a pipe, a device or a directory); pancake.yml must be"
                + " a file"), e.getMessage());
    }

    @Test
    void aMissingFileIsStillMissing() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ConfigFile.read(dir.resolve("absent.yml")));
    }
}
