package dev.pancake.agent.config;

import java.util.Map;

/**
 * One entry of {@code flags:}.
 *
 * @param name           upper-case
 * @param type           the declared type, or the type inferred from the default when not declared
 * @param typeDeclared   whether {@code type:} was written (only then is a mismatch with
 *                       {@code @Toggle} reported)
 * @param defaultActive  the default of a switch or flag
 * @param defaultPercent the default of a sample, 0..100
 * @param sticky         the group whose id makes a sample sticky, or null
 * @param methods        per-method fallbacks, keyed {@code fully.qualified.Class#method}
 * @param line           where the flag is declared, for messages
 */
public record FlagDef(String name, FlagType type, boolean typeDeclared, boolean defaultActive, double defaultPercent,
        FallbackSpec fallback, String sticky, Map<String, FallbackSpec> methods, int line) {

    /** The fallback for one method: its override under {@code methods:}, else the flag's. */
    public FallbackSpec fallbackFor(String className, String methodName) {
        FallbackSpec specific = methods.get(className + "#" + methodName);
        return specific != null ? specific : fallback;
    }

    /** The default as flask-pancake would show it: true/false, or the percentage. */
    public String defaultText() {
        return type == FlagType.SAMPLE ? Percent.format(defaultPercent) : Boolean.toString(defaultActive);
    }
}
