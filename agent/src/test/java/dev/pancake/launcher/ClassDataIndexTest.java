package dev.pancake.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataIndexTest {

    @TempDir
    Path dir;

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        Random r = new Random(seed);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (r.nextInt(16) + 'a'); // compressible, like class files
        }
        return b;
    }

    private File jar(Object... namesAndContents) throws IOException {
        return jarWithComment("a jar comment, which the end record's search must skip", namesAndContents);
    }

    private File jarWithComment(String comment, Object... namesAndContents) throws IOException {
        File f = dir.resolve("agent.jar").toFile();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(f.toPath()))) {
            if (comment != null) {
                out.setComment(comment);
            }
            for (int i = 0; i < namesAndContents.length; i += 2) {
                String name = (String) namesAndContents[i];
                byte[] content = (byte[]) namesAndContents[i + 1];
                JarEntry e = new JarEntry(name.startsWith("stored:") ? name.substring(7) : name);
                if (name.startsWith("stored:")) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(content.length);
                    e.setCrc(crc.getValue());
                }
                out.putNextEntry(e);
                out.write(content);
                out.closeEntry();
            }
        }
        return f;
    }

    @Test
    void readsDeflatedAndStoredEntriesExactly() throws IOException {
        byte[] big = bytes(70_000, 1);
        byte[] small = bytes(300, 2);
        byte[] stored = bytes(1_000, 3);
        File f = jar("dev/pancake/launcher/AgentLauncher.class", bytes(50, 4), "inst/a/Big.classdata", big,
                "inst/a/Small.classdata", small, "stored:inst/b/Stored.classdata", stored, "inst/Empty.classdata",
                new byte[0]);
        ClassDataIndex index = ClassDataIndex.open(f);
        assertNotNull(index);
        assertArrayEquals(big, index.read("inst/a/Big.classdata"));
        assertArrayEquals(small, index.read("inst/a/Small.classdata"));
        assertArrayEquals(stored, index.read("inst/b/Stored.classdata"));
        assertArrayEquals(new byte[0], index.read("inst/Empty.classdata"));
        assertArrayEquals(small, index.read("inst/a/Small.classdata"), "a second read, after larger ones");
        assertNull(index.read("inst/a/Missing.classdata"));
        assertNull(index.read("dev/pancake/launcher/AgentLauncher.class"), "only inst/ is indexed");
    }

    @Test
    void namesWithTheSameHashAreToldApart() throws IOException {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        byte[] a = bytes(100, 5);
        byte[] b = bytes(100, 6);
        ClassDataIndex index = ClassDataIndex.open(jar("inst/Aa.classdata", a, "inst/BB.classdata", b));
        assertNotNull(index);
        assertArrayEquals(a, index.read("inst/Aa.classdata"));
        assertArrayEquals(b, index.read("inst/BB.classdata"));
    }

    @Test
    void aFileThatIsNoZipHasNoIndex() throws IOException {
        Path f = dir.resolve("not-a.jar");
        Files.write(f, bytes(5_000, 7));
        assertNull(ClassDataIndex.open(f.toFile()));
        assertNull(ClassDataIndex.open(dir.resolve("absent.jar").toFile()));
    }

    @Test
    void aDamagedEntryIsAnErrorNotWrongBytes() throws IOException {
        byte[] content = bytes(20_000, 8);
        File f = jar("inst/x/Damaged.classdata", content);
        ClassDataIndex index = ClassDataIndex.open(f);
        assertNotNull(index);
        // overwrite the middle of the deflated data, after the local header (30 bytes + name)
        try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
            raf.seek(30 + "inst/x/Damaged.classdata".length() + 20);
            byte[] junk = new byte[200];
            java.util.Arrays.fill(junk, (byte) 0xFF);
            raf.write(junk);
        }
        assertThrows(IOException.class, () -> index.read("inst/x/Damaged.classdata"));
    }

    @Test
    void aJarWithoutACommentIsIndexedFromItsLastBytes() throws IOException {
        byte[] a = bytes(2_000, 9);
        ClassDataIndex index = ClassDataIndex.open(jarWithComment(null, "inst/A.classdata", a, "inst/B.classdata", bytes(10, 10)));
        assertNotNull(index);
        assertArrayEquals(a, index.read("inst/A.classdata"));
    }

    @Test
    void aCentralDirectoryLargerThanTheWindowIsReadWhole() throws IOException {
        // about 600 records of 46 bytes and a 100-character name: several windows, records across their edges
        Object[] entries = new Object[1_200];
        for (int i = 0; i < 600; i++) {
            entries[2 * i] = "inst/" + "d".repeat(80) + "/Entry" + String.format("%05d", i) + ".classdata";
            entries[2 * i + 1] = bytes(20 + i, 100 + i);
        }
        String longName = "inst/" + "x".repeat(9_000) + ".classdata"; // one record longer than a window
        Object[] all = java.util.Arrays.copyOf(entries, entries.length + 2);
        all[entries.length] = longName;
        all[entries.length + 1] = bytes(77, 11);
        for (String comment : new String[] {null, "a comment"}) {
            ClassDataIndex index = ClassDataIndex.open(jarWithComment(comment, all));
            assertNotNull(index);
            for (int i = 0; i < entries.length; i += 2) {
                assertArrayEquals((byte[]) entries[i + 1], index.read((String) entries[i]), (String) entries[i]);
            }
            assertArrayEquals(bytes(77, 11), index.read(longName));
        }
    }
}
