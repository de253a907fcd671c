package dev.pancake.agent.instrument;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.MethodInfo;

/** Where the transformer gets the gate of each method it instruments. */
public interface Gates {

    /**
     * Creates the gate of one {@code @Toggle} method and registers it with the bridge.
     *
     * @return its number in the bridge, which the instrumented code calls (while the agent cannot
     *         decide, a gate that runs the skip fallback); -1 leaves the method as it is
     */
    int gate(FlagType type, String name, MethodInfo method, ClassLoader loader);

    /** Every gate of this class was made and its code woven. */
    void instrumented(String className);
}
