package dev.pancake.agent.engine;

import java.util.List;
import java.util.Set;

/**
 * What the engine needs to know about a type to plan a fallback, without loading it: filled in by
 * the instrumentation from the class files.
 *
 * @param name          the Java name: int, java.util.List, java.lang.String[]
 * @param element       an array's component, or the first type argument (Optional&lt;T&gt;), or null
 * @param constants     an enum's constants, else empty
 * @param newable       a concrete class with a public no-arg constructor
 * @param supertypes    every class and interface it extends or implements, by name
 */
public record TypeInfo(String name, Sort sort, TypeInfo element, List<String> constants, boolean newable,
        Set<String> supertypes) {

    public enum Sort { VOID, PRIMITIVE, ARRAY, ENUM, REFERENCE }

    public static final TypeInfo VOID = new TypeInfo("void", Sort.VOID, null, List.of(), false, Set.of());

    public static TypeInfo primitive(String name) {
        return new TypeInfo(name, Sort.PRIMITIVE, null, List.of(), false, Set.of());
    }

    public static TypeInfo reference(String name, TypeInfo typeArgument, boolean newable, Set<String> supertypes) {
        return new TypeInfo(name, Sort.REFERENCE, typeArgument, List.of(), newable, supertypes);
    }

    /** True when a value of type {@code other} can be returned where this type is expected. */
    public boolean accepts(TypeInfo other) {
        if (name.equals(other.name)) {
            return true;
        }
        if (sort == Sort.PRIMITIVE || other.sort == Sort.PRIMITIVE || sort == Sort.VOID || other.sort == Sort.VOID) {
            return false; // no boxing: a null Integer would fail where an int is expected
        }
        return other.supertypes.contains(name) || "java.lang.Object".equals(name);
    }

    public boolean isA(String type) {
        return name.equals(type) || supertypes.contains(type);
    }

    @Override
    public String toString() {
        return name;
    }
}
