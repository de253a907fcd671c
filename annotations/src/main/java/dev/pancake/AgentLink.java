package dev.pancake;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Finds the running agent's bridge on the bootstrap class path, by name: this jar has no
 * compile-time dependency on the agent, and works the same in every class loader because the
 * bridge lives in the bootstrap loader that all of them delegate to.
 */
final class AgentLink {

    private static final String BRIDGE = "dev.pancake.bridge.Bridge";

    /** The bridge's entry points; all null while no agent is attached. */
    private static volatile Handles handles;

    private AgentLink() {}

    static final class Handles {
        final MethodHandle handle;
        final MethodHandle isActive;
        final MethodHandle isActiveGlobally;
        final MethodHandle command;

        Handles(Class<?> bridge) throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            handle = lookup.findStatic(bridge, "handle",
                    MethodType.methodType(Object.class, String.class, String.class, Class.class));
            isActive = lookup.findStatic(bridge, "isActive", MethodType.methodType(boolean.class, Object.class));
            isActiveGlobally = lookup.findStatic(bridge, "isActiveGlobally",
                    MethodType.methodType(boolean.class, Object.class));
            command = lookup.findStatic(bridge, "command", MethodType.methodType(void.class, Object.class,
                    String.class, String.class, String.class, String.class));
        }
    }

    /**
     * The bridge, or null when no agent is attached. An agent may attach later (dynamic attach),
     * so absence is re-checked, cheaply: the agent sets the system property first.
     */
    static Handles handles() {
        Handles h = handles;
        if (h != null || System.getProperty("pancake.agent.version") == null) {
            return h;
        }
        try {
            Class<?> bridge = Class.forName(BRIDGE, true, null);
            if (!(boolean) bridge.getMethod("attached").invoke(null)) {
                return null;
            }
            h = new Handles(bridge);
            handles = h;
            return h;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The agent's handle for a flag, or null when no agent is attached. */
    static Object handle(String type, String name, Class<?> caller) {
        Handles h = handles();
        if (h == null) {
            return null;
        }
        try {
            return h.handle.invoke(type, name, caller);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isActive(Object handle) {
        try {
            return (boolean) handles.isActive.invokeExact(handle);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isActiveGlobally(Object handle) {
        try {
            return (boolean) handles.isActiveGlobally.invokeExact(handle);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static void command(String type, String name, Object handle, String verb, String group, Object id, String value) {
        if (handle == null) {
            throw new IllegalStateException("pancake: cannot " + verb + " " + type.toLowerCase(java.util.Locale.ROOT)
                    + " " + name + ": the Pancake agent is not attached (start the JVM with"
                    + " -javaagent:pancake-agent.jar)");
        }
        // a local, not an inline conditional: invokeExact links against the static types of its arguments
        String idText = id == null ? null : String.valueOf(id);
        try {
            handles.command.invokeExact(handle, verb, group, idText, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalize(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("pancake: a flag name must not be empty");
        }
        return name.toUpperCase(java.util.Locale.ROOT);
    }
}
