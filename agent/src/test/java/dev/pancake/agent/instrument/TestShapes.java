package dev.pancake.agent.instrument;

import dev.pancake.agent.engine.MethodInfo;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/** Describes a method of a test class exactly as the instrumentation would, from its class file. */
public final class TestShapes {

    private TestShapes() {}

    /** The method {@code name} of {@code type} (the first declared with that name). */
    public static MethodInfo method(Class<?> type, String name) {
        TypePool pool = TypePool.Default.WithLazyResolution.of(ClassFileLocator.ForClassLoader.of(type.getClassLoader()));
        TypeDescription description = pool.describe(type.getName()).resolve();
        for (MethodDescription.InDefinedShape m : description.getDeclaredMethods()) {
            if (m.getName().equals(name) && !m.isBridge()) {
                return new Shapes().method(description, m, true);
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no method " + name);
    }
}
