package dev.pancake.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import dev.pancake.agent.engine.MethodInfo;

/** Describes a method of a test class exactly as the instrumentation would, from its class file. */
public final class TestShapes {

    private TestShapes() {}

    /** The method {@code name} of {@code type} (the first declared with that name). */
    public static MethodInfo method(Class<?> type, String name) {
        String internalName = type.getName().replace('.', '/');
        byte[] bytes;
        try (InputStream in = type.getClassLoader().getResourceAsStream(internalName + ".class")) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClassScan scan = ClassScan.of(bytes);
        for (ClassScan.Method m : scan.methods) {
            if (m.name().equals(name) && !m.isBridgeOrSynthetic()) {
                return new TypeResolver(type.getClassLoader()).method(internalName, m, scan.methods);
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no method " + name);
    }
}
