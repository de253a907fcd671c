package dev.pancake.agent.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import dev.pancake.agent.config.FallbackSpec;

/**
 * Turns a fallback from pancake.yml into a {@link Fallback} for one method, checking that it
 * fits: a literal converts to the return type, a {@code call} names a method of the same class
 * with the same parameters and a compatible return type.
 */
final class FallbackPlanner {

    /** A fallback that does not fit its method; the message names what is wrong. */
    static final class Misfit extends Exception {
        private static final long serialVersionUID = 1L;

        Misfit(String message) {
            super(message);
        }
    }

    private FallbackPlanner() {}

    static Fallback plan(String flag, FallbackSpec spec, MethodInfo method) throws Misfit {
        if (spec instanceof FallbackSpec.Skip) {
            return skip(method.returnType());
        }
        if (spec instanceof FallbackSpec.Throw) {
            return Fallback.disabled(flag, "feature " + flag + " is disabled");
        }
        if (spec instanceof FallbackSpec.Return r) {
            return literal(r.value(), method.returnType());
        }
        return call(((FallbackSpec.Call) spec).method(), method);
    }

    /** Nothing: void, zero, false, an empty Optional/collection/map/stream/array, else null. */
    static Fallback skip(TypeInfo type) {
        switch (type.sort()) {
            case VOID:
                return Fallback.constant(null);
            case PRIMITIVE:
                return Fallback.constant(zero(type.name()));
            case ARRAY:
                return Fallback.emptyArray(type);
            default:
                break;
        }
        switch (type.name()) {
            case "java.util.Optional": return Fallback.constant(Optional.empty());
            case "java.util.OptionalInt": return Fallback.constant(OptionalInt.empty());
            case "java.util.OptionalLong": return Fallback.constant(OptionalLong.empty());
            case "java.util.OptionalDouble": return Fallback.constant(OptionalDouble.empty());
            case "java.lang.Iterable":
            case "java.util.Collection":
            case "java.util.SequencedCollection":
            case "java.util.List": return Fallback.constant(List.of());
            case "java.util.Set": return Fallback.constant(Set.of());
            case "java.util.SortedSet":
            case "java.util.NavigableSet":
            case "java.util.SequencedSet": return Fallback.constant(Collections.emptyNavigableSet());
            case "java.util.Map": return Fallback.constant(Map.of());
            case "java.util.SortedMap":
            case "java.util.NavigableMap":
            case "java.util.SequencedMap": return Fallback.constant(Collections.emptyNavigableMap());
            case "java.util.Queue":
            case "java.util.Deque": return Fallback.fresh(ArrayDeque::new);
            case "java.util.Iterator": return Fallback.constant(Collections.emptyIterator());
            case "java.util.ListIterator": return Fallback.constant(Collections.emptyListIterator());
            case "java.util.Enumeration": return Fallback.constant(Collections.emptyEnumeration());
            case "java.util.stream.Stream": return Fallback.fresh(Stream::empty);
            case "java.util.stream.IntStream": return Fallback.fresh(IntStream::empty);
            case "java.util.stream.LongStream": return Fallback.fresh(LongStream::empty);
            case "java.util.stream.DoubleStream": return Fallback.fresh(DoubleStream::empty);
            default:
                break;
        }
        if (type.newable() && (type.isA("java.util.Collection") || type.isA("java.util.Map"))) {
            return Fallback.construct(type.name());
        }
        return Fallback.constant(null);
    }

    private static Object zero(String primitive) {
        switch (primitive) {
            case "boolean": return Boolean.FALSE;
            case "char": return '\0';
            case "byte": return (byte) 0;
            case "short": return (short) 0;
            case "int": return 0;
            case "long": return 0L;
            case "float": return 0f;
            case "double": return 0d;
            default: throw new IllegalArgumentException(primitive);
        }
    }

    private static Fallback literal(Object value, TypeInfo type) throws Misfit {
        if (type.sort() == TypeInfo.Sort.VOID) {
            throw new Misfit("{return: " + value + "} does not fit a void method; use skip");
        }
        if ("java.util.Optional".equals(type.name())) {
            if (value == null) {
                return Fallback.constant(Optional.empty());
            }
            TypeInfo element = type.element() != null ? type.element()
                    : TypeInfo.reference("java.lang.Object", null, false, Set.of());
            Fallback inner = literal(value, element);
            return new Fallback() {
                @Override
                Object produce(Class<?> t, Object self, Object[] args) throws Throwable {
                    return Optional.ofNullable(inner.produce(t, self, args));
                }
            };
        }
        if (value == null) {
            if (type.sort() == TypeInfo.Sort.PRIMITIVE) {
                throw new Misfit("{return: null} does not fit the primitive return type " + type.name());
            }
            return Fallback.constant(null);
        }
        if (type.sort() == TypeInfo.Sort.ENUM) {
            String name = String.valueOf(value);
            if (!type.constants().contains(name)) {
                throw new Misfit("{return: " + value + "}: " + type.name() + " has no constant " + name
                        + " (it has " + type.constants() + ")");
            }
            return Fallback.enumConstant(type.name(), name);
        }
        Object converted = convert(value, type.name());
        if (converted == NO) {
            throw new Misfit("{return: " + value + "} cannot be converted to " + type.name());
        }
        return Fallback.constant(converted);
    }

    private static final Object NO = new Object();

    /** The literal as the given type, or {@link #NO}. */
    private static Object convert(Object value, String type) {
        switch (type) {
            case "java.lang.String":
            case "java.lang.CharSequence":
                return String.valueOf(value);
            case "java.lang.Object":
            case "java.io.Serializable":
            case "java.lang.Comparable":
                return value;
            case "boolean":
            case "java.lang.Boolean":
                if (value instanceof Boolean) {
                    return value;
                }
                return "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : NO;
            case "char":
            case "java.lang.Character":
                return value instanceof String s && s.length() == 1 ? s.charAt(0) : NO;
            case "byte":
            case "java.lang.Byte":
                return integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE) instanceof Long l ? (Object) l.byteValue() : NO;
            case "short":
            case "java.lang.Short":
                return integral(value, Short.MIN_VALUE, Short.MAX_VALUE) instanceof Long l ? (Object) l.shortValue() : NO;
            case "int":
            case "java.lang.Integer":
                return integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE) instanceof Long l ? (Object) l.intValue() : NO;
            case "long":
            case "java.lang.Long":
                return integral(value, Long.MIN_VALUE, Long.MAX_VALUE) instanceof Long l ? (Object) l : NO;
            case "float":
            case "java.lang.Float":
                return value instanceof Number n ? (Object) n.floatValue() : NO;
            case "double":
            case "java.lang.Double":
                return value instanceof Number n ? (Object) n.doubleValue() : NO;
            case "java.lang.Number":
                return value instanceof Number ? value : NO;
            case "java.math.BigDecimal":
                return value instanceof Number ? new BigDecimal(String.valueOf(value)) : NO;
            case "java.math.BigInteger":
                return value instanceof Long l ? BigInteger.valueOf(l) : NO;
            default:
                return NO;
        }
    }

    private static Object integral(Object value, long min, long max) {
        long v;
        if (value instanceof Long l) {
            v = l;
        } else if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            v = d.longValue();
        } else {
            return NO;
        }
        return v >= min && v <= max ? (Object) v : NO;
    }

    private static Fallback call(String name, MethodInfo method) throws Misfit {
        StringBuilder seen = new StringBuilder();
        for (MethodInfo m : method.siblings()) {
            if (!m.name().equals(name)) {
                continue;
            }
            // a descriptor leaves out the name: only a sibling with both the same name and descriptor is the method itself
            boolean itself = name.equals(method.name()) && m.descriptor().equals(method.descriptor());
            if (itself || !m.parameters().equals(method.parameters())) {
                if (!itself) {
                    seen.append(seen.length() == 0 ? "" : ", ").append(m.signature());
                }
                continue;
            }
            if (method.returnType().sort() != TypeInfo.Sort.VOID && !method.returnType().accepts(m.returnType())) {
                throw new Misfit("{call: " + name + "}: " + m.signature() + " returns " + m.returnType()
                        + ", which " + method.signature() + " cannot return (it returns " + method.returnType() + ")");
            }
            if (method.isStatic() && !m.isStatic()) {
                throw new Misfit("{call: " + name + "}: " + m.signature() + " is an instance method, but "
                        + method.signature() + " is static and has no instance to call it on");
            }
            return Fallback.call(m);
        }
        if (name.equals(method.name()) && seen.length() == 0) {
            throw new Misfit("{call: " + name + "} names the gated method itself");
        }
        throw new Misfit("{call: " + name + "}: " + method.className() + " has no method " + name + "("
                + String.join(", ", method.parameters()) + ")"
                + (seen.length() == 0 ? "" : "; it has " + seen));
    }
}
