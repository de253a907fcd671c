package dev.pancake.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/** The built agent jar is indexed, and every entry under inst/ reads exactly as JarFile reads it. */
class ClassDataIndexIT {

    @Test
    void everyEntryOfTheBuiltJarReadsAsJarFileReadsIt() throws IOException {
        File jar = new File(System.getProperty("pancake.agent.jar", "target/pancake-agent.jar"));
        assertTrue(jar.isFile(), "no agent jar at " + jar);
        ClassDataIndex index = ClassDataIndex.open(jar);
        assertNotNull(index, "the built jar has no index: the loader would read through JarFile");
        int n = 0;
        try (JarFile j = new JarFile(jar, false)) {
            for (JarEntry e : Collections.list(j.entries())) {
                if (!e.getName().startsWith("inst/") || e.isDirectory()) {
                    continue;
                }
                try (InputStream in = j.getInputStream(e)) {
                    assertArrayEquals(in.readAllBytes(), index.read(e.getName()), e.getName());
                }
                n++;
            }
        }
        assertTrue(n > 1000, "only " + n + " entries under inst/");
    }
}
