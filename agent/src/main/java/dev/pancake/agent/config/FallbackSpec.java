package dev.pancake.agent.config;

/** What a gated method does instead of its body while its flag is inactive. */
public sealed interface FallbackSpec permits FallbackSpec.Skip, FallbackSpec.Throw, FallbackSpec.Return, FallbackSpec.Call {

    Skip SKIP = new Skip();
    Throw THROW = new Throw();

    /** Returns nothing: void, 0, false, an empty Optional/collection/map/stream/array, or null. */
    record Skip() implements FallbackSpec {
        @Override public String toString() { return "skip"; }
    }

    /** Throws {@code FeatureDisabledException}. */
    record Throw() implements FallbackSpec {
        @Override public String toString() { return "throw"; }
    }

    /**
     * Returns a literal, converted to the method's return type.
     *
     * @param value a String, Long, Double, Boolean, or null, as YAML typed it
     */
    record Return(Object value) implements FallbackSpec {
        @Override public String toString() { return "{return: " + value + "}"; }
    }

    /** Calls another method of the same class with the same parameters. */
    record Call(String method) implements FallbackSpec {
        @Override public String toString() { return "{call: " + method + "}"; }
    }
}
