package dev.pancake.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge ({@code dev.pancake.bridge}) into the bootstrap class loader, where every
 * application class loader finds it.
 *
 * <p>The classes are defined directly in the bootstrap loader (with {@code jdk.internal.misc.Unsafe},
 * exported to the launcher through {@link Instrumentation#redefineModule}, see {@link UnsafeDefiner}) rather than by appending a
 * jar to the bootstrap class path: on Java 17 appending prints "Sharing is only supported for boot
 * loader classes because bootstrap classpath has been appended" on the application's stderr and
 * turns off class data sharing for its classes, which slows its start-up. Should that internal
 * API ever be missing, a jar holding only the bridge is appended instead.
 */
final class BootstrapBridge {

    static final String PACKAGE = "dev/pancake/bridge/";
    private static final String SOURCE = "inst/" + PACKAGE;

    private BootstrapBridge() {}

    static void install(Instrumentation inst, JarFile agentJar) throws Exception {
        Map<String, byte[]> classes = read(agentJar);
        if (alreadyDefined()) {
            return;
        }
        try {
            defineWithUnsafe(inst, classes);
        } catch (Throwable e) { // whatever the internal API does, the documented way still works
            appendJar(inst, classes);
        }
    }

    private static boolean alreadyDefined() {
        try {
            Class.forName("dev.pancake.bridge.Bridge", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The bridge's classes, in definition order: the types that Bridge uses come first. */
    private static final String[] CLASSES = {"Gate", "FlagHandle", "Api", "Bridge"};

    /** The bridge's class files, read by name (listing the jar's thousands of entries would cost start-up time). */
    private static Map<String, byte[]> read(JarFile jar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String simple : CLASSES) {
            JarEntry entry = jar.getJarEntry(SOURCE + simple + ".classdata");
            if (entry == null) {
                throw new IOException("the agent jar lacks " + SOURCE + simple + ".classdata");
            }
            try (InputStream in = jar.getInputStream(entry)) {
                out.put(PACKAGE.replace('/', '.') + simple, in.readAllBytes());
            }
        }
        return out;
    }

    private static void defineWithUnsafe(Instrumentation inst, Map<String, byte[]> classes) {
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(BootstrapBridge.class.getModule())),
                Map.of(), Set.of(), Map.of());
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            UnsafeDefiner.defineInBootstrap(c.getKey(), c.getValue());
        }
    }

    private static void appendJar(Instrumentation inst, Map<String, byte[]> classes) throws IOException {
        File file = File.createTempFile("pancake-bridge", ".jar");
        file.deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file.toPath()); JarOutputStream jar = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                jar.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                jar.write(c.getValue());
                jar.closeEntry();
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(file, false));
    }
}
