package dev.pancake.bridge;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Static entry points for advice and for the programmatic API.
 *
 * <p>Gates are numbered when their method is instrumented; the number is a constant in the
 * method's bytecode, so a gated call costs one array read here, then a call that the JIT inlines
 * at each gated method (the advice, not this class, holds the virtual call, so each method keeps
 * its own monomorphic type profile).
 */
public final class Bridge {

    private static final Object LOCK = new Object();
    private static volatile Gate[] gates = new Gate[0];
    private static volatile Api api;

    private Bridge() {}

    /** The gate with this number. Called by advice on every gated call. */
    public static Gate gate(int id) {
        return gates[id];
    }

    /**
     * Called by advice when {@code gate(id).enter()} threw (the call then runs its fallback).
     * Never throws: whatever happens here must not reach the application.
     */
    public static void failed(Throwable cause, int id) {
        try {
            gates[id].failed(cause);
        } catch (Throwable ignored) {
            // reporting is best effort; the gate already counts as inactive
        }
    }

    /** Registers a gate and returns its number. Called when a method is instrumented. */
    public static int register(Gate gate) {
        synchronized (LOCK) {
            Gate[] old = gates;
            Gate[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = gate;
            gates = grown;
            return old.length;
        }
    }

    /**
     * Puts {@code gate} in place of the gate with this number: a stand-in used while the agent
     * starts, or a gate whose class loader the application dropped and the JVM collected (no code
     * that calls that number is left). Gates hold nothing of the application's classes, so the
     * bridge keeping them never keeps a class loader.
     */
    public static void replace(int id, Gate gate) {
        synchronized (LOCK) {
            Gate[] copy = gates.clone();
            copy[id] = gate;
            gates = copy;
        }
    }

    /** Installs the running agent's API. Called once by the agent at start-up. */
    public static void install(Api agentApi) {
        api = agentApi;
    }

    /** True once the agent has started in this JVM. */
    public static boolean attached() {
        return api != null;
    }

    /** See {@link Api#handle}; null when the agent has not started. */
    public static Object handle(String type, String name, Class<?> caller) {
        Api a = api;
        return a == null ? null : a.handle(type, name, caller);
    }

    public static boolean isActive(Object handle) {
        return ((FlagHandle) handle).isActive();
    }

    public static boolean isActiveGlobally(Object handle) {
        return ((FlagHandle) handle).isActiveGlobally();
    }

    public static void command(Object handle, String verb, String group, String id, String value) {
        ((FlagHandle) handle).command(verb, group, id, value);
    }

    // ---- the OpenFeature provider (pancake-openfeature); each throws IllegalStateException without an agent

    /** See {@link Api#declaredType}. */
    public static String declaredType(String name) {
        return api().declaredType(name);
    }

    /** See {@link Api#groups}. */
    public static List<String> groups() {
        return api().groups();
    }

    /** See {@link Api#evaluate}. */
    public static String evaluate(String name, Map<String, String> ids) {
        return api().evaluate(name, ids);
    }

    /** See {@link Api#onChange}. */
    public static Runnable onChange(Consumer<String> listener) {
        return api().onChange(listener);
    }

    private static Api api() {
        Api a = api;
        if (a == null) {
            throw new IllegalStateException("the Pancake agent is not attached");
        }
        return a;
    }
}
