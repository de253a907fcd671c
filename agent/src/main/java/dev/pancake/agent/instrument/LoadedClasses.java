package dev.pancake.agent.instrument;

import java.lang.annotation.Annotation;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pancake.agent.log.Log;

/**
 * After a dynamic attach, the classes that were loaded before the agent: finds those with
 * {@code @Toggle} methods and retransforms them (the gate adds no fields or methods, so this is
 * allowed on a running JVM).
 *
 * <p>Only the classes of class loaders that can see {@code dev.pancake.Toggle} are looked at, so
 * the thousands of JDK and library classes of a running application cost one check per loader.
 */
public final class LoadedClasses {

    private LoadedClasses() {}

    public static void retransform(Instrumentation inst) {
        Map<ClassLoader, Optional<Class<?>>> toggleOf = new IdentityHashMap<>();
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader loader = c.getClassLoader();
            if (loader == null || loader == LoadedClasses.class.getClassLoader() || c.isArray() || c.isPrimitive()
                    || ToggleTransformer.skipped(c.getName().replace('.', '/'))) {
                continue;
            }
            Optional<Class<?>> toggle = toggleOf.computeIfAbsent(loader, LoadedClasses::toggleIn);
            if (toggle.isPresent() && inst.isModifiableClass(c) && hasToggle(c, toggle.get())) {
                targets.add(c);
            }
        }
        for (Class<?> c : targets) {
            try {
                inst.retransformClasses(c);
            } catch (Throwable t) {
                Log.once(Log.Level.ERROR, "retransform:" + c.getName(), "could not instrument the already loaded class "
                        + c.getName() + ", its @Toggle methods run ungated: " + t);
            }
        }
        Log.debug("instrumented " + targets.size() + " already loaded classes");
    }

    /** The annotation type as this loader sees it, without initialising anything; empty if it cannot see it. */
    private static Optional<Class<?>> toggleIn(ClassLoader loader) {
        try {
            Class<?> t = Class.forName(ToggleTransformer.TOGGLE, false, loader);
            return t.isAnnotation() ? Optional.of(t) : Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean hasToggle(Class<?> c, Class<?> toggle) {
        try {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent((Class<? extends Annotation>) toggle)) {
                    return true;
                }
            }
        } catch (Throwable t) {
            // a class whose methods cannot be listed (missing dependencies): not ours to touch
        }
        return false;
    }
}
