package dev.pancake.agent.engine;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedTransferQueue;
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
        Fallback.Async shape = Fallback.Async.of(method.returnType().name());
        if (shape != null && !(spec instanceof FallbackSpec.Call)) {
            return async(flag, spec, shape, method.returnType());
        }
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

    /**
     * A method that returns a future or a publisher gets its fallback in that shape, so that its
     * caller's chain goes on as it would with the body: {@code skip} completes with the skip value
     * of the type argument (an empty Mono or Flux), {@code throw} fails with
     * FeatureDisabledException, {@code {return: x}} completes with x converted to the type
     * argument (a Mono or Flux of x; of nothing for null). A {@code call} returns what the method
     * it names returns, and is planned as for any method.
     */
    private static Fallback async(String flag, FallbackSpec spec, Fallback.Async shape, TypeInfo type) throws Misfit {
        TypeInfo element = type.element() != null ? type.element()
                : TypeInfo.reference("java.lang.Object", null, false, Set.of());
        if (spec instanceof FallbackSpec.Throw) {
            return Fallback.async(shape, Fallback.disabled(flag, "feature " + flag + " is disabled"), true);
        }
        if (spec instanceof FallbackSpec.Skip) {
            return Fallback.async(shape, shape.publisher() ? null : skip(element), false);
        }
        Object value = ((FallbackSpec.Return) spec).value();
        if (value == null && shape.publisher()) {
            return Fallback.async(shape, null, false);
        }
        try {
            return Fallback.async(shape, literal(value, element), false);
        } catch (Misfit m) {
            throw new Misfit(m.getMessage() + " (the type argument of " + type.name() + ")");
        }
    }

    /**
     * Nothing: void, zero, false, an empty Optional/collection/map/stream/array, else null.
     * Collection and map interfaces get the JDK's immutable empties (no allocation per call);
     * a concrete type such as {@code ArrayList} gets a new, mutable instance on every call, since
     * its callers may add to it; streams and queues are new on every call too.
     */
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
            case "java.util.Spliterator": return Fallback.constant(Spliterators.emptySpliterator());
            case "java.util.concurrent.ConcurrentMap": return Fallback.fresh(ConcurrentHashMap::new);
            case "java.util.concurrent.ConcurrentNavigableMap": return Fallback.fresh(ConcurrentSkipListMap::new);
            case "java.util.concurrent.BlockingQueue":
            case "java.util.concurrent.BlockingDeque": return Fallback.fresh(LinkedBlockingDeque::new);
            case "java.util.concurrent.TransferQueue": return Fallback.fresh(LinkedTransferQueue::new);
            case "java.util.stream.BaseStream":
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
            throw new Misfit("{return: " + show(value) + "} does not fit a void method; use skip, throw or {call: ...}");
        }
        switch (type.name()) {
            case "java.util.OptionalInt":
                return Fallback.constant(value == null ? OptionalInt.empty()
                        : OptionalInt.of((Integer) convertOrFail(value, "int", type)));
            case "java.util.OptionalLong":
                return Fallback.constant(value == null ? OptionalLong.empty()
                        : OptionalLong.of((Long) convertOrFail(value, "long", type)));
            case "java.util.OptionalDouble":
                return Fallback.constant(value == null ? OptionalDouble.empty()
                        : OptionalDouble.of((Double) convertOrFail(value, "double", type)));
            default:
                break;
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
                throw new Misfit("{return: " + show(value) + "}: " + type.name() + " has no constant " + name
                        + " (it has " + String.join(", ", type.constants()) + ")");
            }
            return Fallback.enumConstant(type.name(), name);
        }
        return Fallback.constant(convertOrFail(value, type.name(), type));
    }

    private static Object convertOrFail(Object value, String target, TypeInfo type) throws Misfit {
        Object converted = convert(value, target);
        if (converted == NO) {
            throw new Misfit("{return: " + show(value) + "} cannot be converted to " + type.name()
                    + expectation(target));
        }
        return converted;
    }

    /** The literal as pancake.yml shows it: text quoted, so that {@code "42"} and {@code 42} differ. */
    private static String show(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String expectation(String target) {
        switch (target) {
            case "boolean": case "java.lang.Boolean": return " (expected true or false)";
            case "char": case "java.lang.Character": return " (expected a single character)";
            case "byte": case "java.lang.Byte": return " (expected a whole number in -128..127)";
            case "short": case "java.lang.Short": return " (expected a whole number in -32768..32767)";
            case "int": case "java.lang.Integer": return " (expected a whole number in -2147483648..2147483647)";
            case "long": case "java.lang.Long": case "java.math.BigInteger": return " (expected a whole number)";
            case "float": case "java.lang.Float": case "double": case "java.lang.Double": case "java.lang.Number":
            case "java.math.BigDecimal": return " (expected a number)";
            default: return "; a literal fits String, numbers, boolean, char, BigDecimal, BigInteger, an enum,"
                    + " Optional of those, or Object";
        }
    }

    private static final Object NO = new Object();

    /**
     * The literal as the given type, or {@link #NO}. Numbers also accept text that reads as a
     * number of that type ({@code {return: "19.90"}} keeps BigDecimal's scale); text accepts any
     * scalar.
     */
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
                return value instanceof String s && s.length() == 1 ? (Object) s.charAt(0) : NO;
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
                return decimal(value) instanceof BigDecimal d ? (Object) d.floatValue() : NO;
            case "double":
            case "java.lang.Double":
                return decimal(value) instanceof BigDecimal d ? (Object) d.doubleValue() : NO;
            case "java.lang.Number":
                return value instanceof Number ? value : NO;
            case "java.math.BigDecimal":
                return decimal(value);
            case "java.math.BigInteger":
                Object d = decimal(value);
                if (d instanceof BigDecimal big) {
                    try {
                        return big.toBigIntegerExact();
                    } catch (ArithmeticException e) {
                        return NO;
                    }
                }
                return NO;
            default:
                return NO;
        }
    }

    /** A number, or text that is a plain decimal, as a BigDecimal; else {@link #NO}. */
    private static Object decimal(Object value) {
        String text;
        if (value instanceof Long || value instanceof Double) {
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return NO;
            }
            text = String.valueOf(value);
        } else if (value instanceof String s && DECIMAL.matcher(s.trim()).matches()) {
            text = s.trim();
        } else {
            return NO;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return NO;
        }
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static Object integral(Object value, long min, long max) {
        Object d = decimal(value);
        if (!(d instanceof BigDecimal big)) {
            return NO;
        }
        try {
            long v = big.longValueExact();
            return v >= min && v <= max ? (Object) v : NO;
        } catch (ArithmeticException e) {
            return NO;
        }
    }

    private static Fallback call(String name, MethodInfo method) throws Misfit {
        StringBuilder seen = new StringBuilder();
        for (MethodInfo m : method.siblings()) {
            if (!m.name().equals(name)) {
                continue;
            }
            if (!m.parameters().equals(method.parameters())) {
                seen.append(seen.length() == 0 ? "" : ", ").append(m.signature());
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
