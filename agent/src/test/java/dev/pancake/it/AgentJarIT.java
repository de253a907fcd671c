package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * The agent jar holds what runs and nothing else: it stays small, only the launcher is loadable as a class
 * by another class loader, and of Byte Buddy only its ASM is shipped.
 */
class AgentJarIT {

    /** The jar's budget: what a user downloads and what the agent's loader indexes at start-up. */
    private static final long MAX_BYTES = 3L * 1024 * 1024;

    @Test
    void agentJarStaysWithinItsSizeBudget() throws IOException {
        long size = Files.size(AgentApp.agentJar());
        assertTrue(size <= MAX_BYTES, "pancake-agent.jar is " + size + " bytes, more than " + MAX_BYTES);
    }

    @Test
    void onlyTheLauncherIsAClassOutsideTheAgentsOwnFolder() throws IOException {
        List<String> stray = new ArrayList<>();
        for (String name : entries()) {
            if (name.endsWith(".class") && !name.startsWith("dev/pancake/launcher/")) {
                stray.add(name);
            }
        }
        assertEquals(List.of(), stray, "class files any class loader could load");
    }

    @Test
    void ofByteBuddyOnlyItsAsmIsShipped() throws IOException {
        List<String> rest = new ArrayList<>();
        int asm = 0;
        for (String name : entries()) {
            if (name.startsWith("inst/dev/pancake/shaded/bytebuddy/") && name.endsWith(".classdata")) {
                if (name.startsWith("inst/dev/pancake/shaded/bytebuddy/jar/asm/")) {
                    asm++;
                } else {
                    rest.add(name);
                }
            }
        }
        assertTrue(asm > 0, "the relocated ASM is missing");
        assertEquals(List.of(), rest.subList(0, Math.min(rest.size(), 10)), rest.size() + " Byte Buddy classes beyond ASM");
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(AgentApp.agentJar().toFile())) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e : Collections.list(jar.entries())) {
                names.add(e.getName());
            }
            return names;
        }
    }
}
