package dev.pancake.agent.engine;

import java.util.List;

/**
 * A gated method as the engine sees it (and the methods of its class that a {@code call}
 * fallback may name), described by the instrumentation from the class file.
 *
 * @param className  the binary name of the declaring class
 * @param descriptor the JVM descriptor, such as (Ljava/lang/String;)I
 * @param parameters parameter type names
 * @param siblings   the other methods of the declaring class (empty for a sibling itself)
 */
public record MethodInfo(String className, String name, String descriptor, boolean isStatic, List<String> parameters,
        TypeInfo returnType, List<MethodInfo> siblings) {

    /** {@code com.example.Shop#search(java.lang.String)}, for messages. */
    public String signature() {
        return className + "#" + name + "(" + String.join(", ", parameters) + ")";
    }

    @Override
    public String toString() {
        return signature();
    }
}
