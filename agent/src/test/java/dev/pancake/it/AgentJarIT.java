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

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;

/**
 * The agent jar holds what runs and nothing else: it stays small, only the launcher is loadable as a class
 * by another class loader, of Byte Buddy only its ASM is shipped, and the two parts that live outside the
 * agent's own class loader (the launcher, and the bridge that goes into the bootstrap loader) use JDK types only.
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

    @Test
    void launcherAndBridgeUseOnlyJdkTypes() throws IOException {
        List<String> foreign = new ArrayList<>();
        int checked = 0;
        try (JarFile jar = new JarFile(AgentApp.agentJar().toFile())) {
            for (ZipEntry e : Collections.list(jar.entries())) {
                String name = e.getName();
                boolean launcher = name.startsWith("dev/pancake/launcher/") && name.endsWith(".class");
                boolean bridge = name.startsWith("inst/dev/pancake/bridge/") && name.endsWith(".classdata");
                if (!launcher && !bridge) {
                    continue;
                }
                checked++;
                byte[] bytes = jar.getInputStream(e).readAllBytes();
                new ClassReader(bytes).accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {}, new Remapper() {
                    @Override
                    public String map(String internalName) {
                        if (!jdkOrOwn(internalName)) {
                            foreign.add(name + " uses " + internalName);
                        }
                        return internalName;
                    }
                }), 0);
            }
        }
        assertTrue(checked >= 5, "found only " + checked + " launcher and bridge classes");
        assertEquals(List.of(), foreign);
    }

    private static boolean jdkOrOwn(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/") || internalName.startsWith("dev/pancake/launcher/")
                || internalName.startsWith("dev/pancake/bridge/");
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
