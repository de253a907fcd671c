package dev.pancake.agent.instrument;

import java.lang.annotation.Annotation;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import dev.pancake.agent.log.Log;

/**
 * After a dynamic attach, the classes that were loaded before the agent: finds those with
 * {@code @Toggle} methods and retransforms them (advice adds no fields or methods, so this is
 * allowed on a running JVM).
 */
public final class LoadedClasses {

    private LoadedClasses() {}

    public static void retransform(Instrumentation inst) {
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null || c.isArray() || c.isPrimitive() || !inst.isModifiableClass(c)
                    || ToggleTransformer.skipped(c.getName().replace('.', '/'))
                    || c.getClassLoader() == LoadedClasses.class.getClassLoader()) {
                continue;
            }
            if (hasToggle(c)) {
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

    private static boolean hasToggle(Class<?> c) {
        try {
            for (Method m : c.getDeclaredMethods()) {
                for (Annotation a : m.getDeclaredAnnotations()) {
                    if (a.annotationType().getName().equals(ToggleTransformer.TOGGLE)) {
                        return true;
                    }
                }
            }
        } catch (Throwable t) {
            // a class whose methods cannot be listed (missing dependencies): not ours to touch
        }
        return false;
    }
}
