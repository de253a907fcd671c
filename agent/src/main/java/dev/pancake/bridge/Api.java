package dev.pancake.bridge;

/** What the running agent offers the programmatic API. Implemented by the agent's engine. */
public abstract class Api {

    /**
     * The handle of a flag.
     *
     * @param type   SWITCH, FLAG or SAMPLE
     * @param name   the flag's name, any case
     * @param caller the class that asked, whose class loader resolves group accessors
     */
    public abstract FlagHandle handle(String type, String name, Class<?> caller);
}
