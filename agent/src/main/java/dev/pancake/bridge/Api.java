package dev.pancake.bridge;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the running agent offers the programmatic API and the OpenFeature provider. Implemented
 * by the agent's engine (and, while it starts, by a stand-in that waits for it).
 */
public abstract class Api {

    /**
     * The handle of a flag.
     *
     * @param type   SWITCH, FLAG or SAMPLE
     * @param name   the flag's name, any case
     * @param caller the class that asked, whose class loader resolves group accessors
     */
    public abstract FlagHandle handle(String type, String name, Class<?> caller);

    /**
     * How pancake.yml declares the flag: {@code "switch"}, {@code "flag"} or {@code "sample"}; null
     * when it is not declared.
     *
     * @throws IllegalStateException while the agent cannot answer (it is starting, or could not start)
     */
    public abstract String declaredType(String name);

    /**
     * The names of pancake.yml's groups, in the order a Flag consults them.
     *
     * @throws IllegalStateException while the agent cannot answer (it is starting, or could not start)
     */
    public abstract List<String> groups();

    /**
     * Evaluates a declared flag for the given ids (group name to id) instead of the calling
     * thread's group accessors, and counts it as an evaluation of the flag. The answer is
     * {@code "on:"} or {@code "off:"} followed by what decided: {@code stored} (the flag's value in
     * the store), {@code override} (a per-group override), {@code percentage} (a Sample's draw),
     * {@code default} (nothing stored: pancake.yml's default) or {@code undecided} (the store has
     * not been read yet, or the thread was interrupted). Null for a flag that is not declared.
     *
     * @throws IllegalStateException while the agent cannot answer (it is starting, or could not start)
     */
    public abstract String evaluate(String name, Map<String, String> ids);

    /**
     * Calls {@code listener} with a flag's name whenever one of its stored values changes (a write
     * by this JVM or any other Redis client) or pancake.yml changes its declaration. Calls come on
     * an agent thread, never while the agent holds a lock; an exception a listener throws is
     * reported once and otherwise ignored. The agent holds the listener weakly: it is called for as
     * long as the caller keeps it reachable, so a dropped class loader is never kept by it.
     *
     * @return unsubscribes the listener
     */
    public abstract Runnable onChange(Consumer<String> listener);
}
