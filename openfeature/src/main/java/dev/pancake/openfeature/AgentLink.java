package dev.pancake.openfeature;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The attached agent, reached through its bridge on the bootstrap class path, by name: this jar
 * has no compile-time dependency on the agent, and works the same from every class loader (the
 * system class path, a Spring Boot jar, a webapp's loader) because they all delegate to the
 * bootstrap loader, where the agent defines the bridge.
 */
final class AgentLink {

    private static final String BRIDGE = "dev.pancake.bridge.Bridge";

    /** What evaluations say when no agent is attached, and what initialize fails with. */
    static final String NOT_ATTACHED = "the Pancake agent is not attached to this JVM: start it with"
            + " -javaagent:pancake-agent.jar (Pancake's OpenFeature provider answers from the agent's flags)";

    private static volatile AgentLink link;

    private final MethodHandle declaredType;
    private final MethodHandle groups;
    private final MethodHandle evaluate;
    private final MethodHandle onChange;

    private AgentLink(Class<?> bridge) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        declaredType = lookup.findStatic(bridge, "declaredType", MethodType.methodType(String.class, String.class));
        groups = lookup.findStatic(bridge, "groups", MethodType.methodType(List.class));
        evaluate = lookup.findStatic(bridge, "evaluate", MethodType.methodType(String.class, String.class, Map.class));
        onChange = lookup.findStatic(bridge, "onChange", MethodType.methodType(Runnable.class, Consumer.class));
    }

    /**
     * The agent, or null when none is attached. An agent may attach later (dynamic attach), so
     * absence is checked again each time, cheaply: the agent sets this system property first.
     */
    static AgentLink find() {
        AgentLink l = link;
        if (l != null || System.getProperty("pancake.agent.version") == null) {
            return l;
        }
        try {
            Class<?> bridge = Class.forName(BRIDGE, true, null);
            if (!(boolean) bridge.getMethod("attached").invoke(null)) {
                return null;
            }
            l = new AgentLink(bridge);
            link = l;
            return l;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // an agent of a version without these entry points: see unavailable()
        }
    }

    /** Why {@link #find()} found no agent it can use: none is attached, or the attached one is too old. */
    static String unavailable() {
        String version = System.getProperty("pancake.agent.version");
        if (version == null) {
            return NOT_ATTACHED;
        }
        try {
            Class.forName(BRIDGE, true, null).getMethod("evaluate", String.class, Map.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the Pancake agent attached to this JVM (version " + version + ") is older than this provider:"
                    + " use the pancake-agent.jar of the same version as pancake-openfeature";
        }
        return NOT_ATTACHED; // its premain has not installed the bridge yet
    }

    /** "switch", "flag", "sample", or null when pancake.yml does not declare it. */
    String declaredType(String name) {
        try {
            return (String) declaredType.invokeExact(name);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** pancake.yml's group names, in order. */
    @SuppressWarnings("unchecked")
    List<String> groups() {
        try {
            return (List<String>) groups.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** "on:stored", "off:override", ... (see the bridge's {@code Api.evaluate}); null for an undeclared flag. */
    String evaluate(String name, Map<String, String> ids) {
        try {
            return (String) evaluate.invokeExact(name, ids);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Subscribes {@code listener} (held weakly by the agent) and returns what unsubscribes it. */
    Runnable onChange(Consumer<String> listener) {
        try {
            return (Runnable) onChange.invokeExact(listener);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
