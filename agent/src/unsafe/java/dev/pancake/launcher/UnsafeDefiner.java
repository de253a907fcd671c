package dev.pancake.launcher;

import jdk.internal.misc.Unsafe;

/**
 * Defines classes in the bootstrap class loader with the JDK's internal {@code Unsafe}, called
 * directly. The launcher first exports {@code jdk.internal.misc} to its own module
 * ({@code Instrumentation.redefineModule}); until then, and on a JDK without this method, the
 * call fails with a {@link LinkageError} (an {@link IllegalAccessError} or a
 * {@link NoSuchMethodError}), which the launcher answers by appending a jar instead.
 *
 * <p>A direct call, not a method handle or reflection: on Java 22+ each of those spins classes
 * with the class-file API, and a few more of them during start-up make the JIT compile that API's
 * stack-map generator, whose compilation takes megabytes of native memory the process keeps.
 *
 * <p>Compiled on its own against {@code java.base}'s internal packages (see the agent's pom: the
 * rest of the agent compiles with {@code --release 17}, which cannot see them).
 */
final class UnsafeDefiner {

    private UnsafeDefiner() {}

    static Class<?> defineInBootstrap(String name, byte[] bytes) {
        return Unsafe.getUnsafe().defineClass(name, bytes, 0, bytes.length, null, null);
    }
}
