package dev.pancake.agent.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What a gated method returns while its flag is inactive, ready to run. Built by
 * {@link FallbackPlanner}, which has already checked that it fits the method.
 *
 * <p>Some fallbacks resolve application classes on first use, in the gated class's loader (an
 * enum constant, an array's component type, the method a {@code call} names). Should that fail
 * anyway, {@link #produce} throws {@link Unusable}; the gate then reports it once and throws
 * {@code FeatureDisabledException} from then on. Exceptions of the application's own code (a
 * called method, a constructor) pass through unchanged.
 */
abstract class Fallback {

    static final String DISABLED_EXCEPTION = "dev.pancake.FeatureDisabledException";

    /**
     * @param type the class that declares the gated method (its loader resolves application types)
     * @throws Unusable when the fallback turns out not to work in this class loader
     */
    abstract Object produce(Class<?> type, Object self, Object[] args) throws Throwable;

    /** A fallback that cannot be resolved at run time; the message says why. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    /** The same value every time: zeros, null, immutable empties, converted literals. */
    static Fallback constant(Object value) {
        return new Fallback() {
            @Override
            Object produce(Class<?> type, Object self, Object[] args) {
                return value;
            }
        };
    }

    /** A new value every time: mutable collections, streams (single use). */
    static Fallback fresh(Supplier<?> supplier) {
        return new Fallback() {
            @Override
            Object produce(Class<?> type, Object self, Object[] args) {
                return supplier.get();
            }
        };
    }

    /**
     * Resolved from the gated class on first use. What it resolves (an enum constant, a method
     * handle, a constructor: things that reach the application's classes) is kept in a
     * {@link ClassValue} of the gated class, so the gated class holds it, not the gate: a
     * redeployed application's class loader stays collectable although the bridge keeps its gates.
     */
    abstract static class Resolving extends Fallback {
        private final ClassValue<Object> resolved = new ClassValue<>() {
            @Override
            protected Object computeValue(Class<?> type) {
                try {
                    return resolve(type);
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    return new Unusable(problem(e));
                }
            }
        };

        @Override
        final Object produce(Class<?> type, Object self, Object[] args) throws Throwable {
            Object r = resolved.get(type);
            if (r instanceof Unusable u) {
                throw u;
            }
            return use(r, type, self, args);
        }

        /** What this fallback needs from the gated class; never null. */
        abstract Object resolve(Class<?> type) throws ReflectiveOperationException;

        /** The message of {@link Unusable} when {@link #resolve} failed. */
        String problem(Throwable e) {
            return e.toString();
        }

        /** The fallback's value, from what {@link #resolve} found. */
        Object use(Object resolved, Class<?> type, Object self, Object[] args) throws Throwable {
            return resolved;
        }
    }

    static Fallback emptyArray(TypeInfo array) {
        return new Resolving() {
            @Override
            Object resolve(Class<?> type) throws ClassNotFoundException {
                return Array.newInstance(load(array.element().name(), type), 0);
            }
        };
    }

    static Fallback enumConstant(String enumType, String constant) {
        return new Resolving() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object resolve(Class<?> type) throws ClassNotFoundException {
                return Enum.valueOf((Class) load(enumType, type), constant);
            }
        };
    }

    /** {@code new T()} for a concrete collection or map type, every time. */
    static Fallback construct(String className) {
        return new Resolving() {
            @Override
            Object resolve(Class<?> type) throws ReflectiveOperationException {
                Constructor<?> c = load(className, type).getConstructor();
                c.setAccessible(true);
                return c;
            }

            @Override
            String problem(Throwable e) {
                return "cannot create an empty " + className + ": " + e;
            }

            @Override
            Object use(Object constructor, Class<?> type, Object self, Object[] args) throws Throwable {
                try {
                    return ((Constructor<?>) constructor).newInstance();
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                } catch (ReflectiveOperationException e) {
                    throw new Unusable("cannot create an empty " + className + ": " + e);
                }
            }
        };
    }

    /** Throws FeatureDisabledException, created in the application's class loader. */
    static Fallback disabled(String flag, String message) {
        return new Resolving() {
            @Override
            Object resolve(Class<?> type) {
                try {
                    return load(DISABLED_EXCEPTION, type).getConstructor(String.class, String.class);
                } catch (ReflectiveOperationException | LinkageError e) {
                    return Boolean.FALSE; // the annotations jar is not visible here (a copied @Toggle?)
                }
            }

            @Override
            Object use(Object constructor, Class<?> type, Object self, Object[] args) throws Throwable {
                if (!(constructor instanceof Constructor<?> c)) {
                    throw new IllegalStateException(message); // still refuse to run
                }
                throw (Throwable) c.newInstance(flag, message);
            }
        };
    }

    /** Calls another method of the same class (or a superclass) with the same arguments. */
    static Fallback call(MethodInfo target) {
        return new Resolving() {
            @Override
            Object resolve(Class<?> type) throws ReflectiveOperationException {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                MethodType mt = MethodType.fromMethodDescriptorString(target.descriptor(), type.getClassLoader());
                MethodHandle h;
                if (target.isStatic()) {
                    h = lookup.findStatic(type, target.name(), mt);
                    h = MethodHandles.dropArguments(h, 0, Object.class);
                } else {
                    h = lookup.findVirtual(type, target.name(), mt);
                }
                int n = mt.parameterCount();
                return h.asType(MethodType.genericMethodType(n + 1)).asSpreader(Object[].class, n);
            }

            @Override
            String problem(Throwable e) {
                return "cannot call " + target.signature() + ": " + e;
            }

            @Override
            Object use(Object handle, Class<?> type, Object self, Object[] args) throws Throwable {
                return ((MethodHandle) handle).invoke(self, args);
            }
        };
    }

    /** Asynchronous and reactive return types, whose fallback is a value or a failure in that shape. */
    enum Async {
        /** {@code CompletableFuture} and {@code Future}: a new, completed CompletableFuture on every call. */
        FUTURE(null),
        /** {@code CompletionStage}: a new, completed stage that callers cannot complete. */
        STAGE(null),
        MONO("reactor.core.publisher.Mono"),
        FLUX("reactor.core.publisher.Flux");

        private final String publisher;

        Async(String publisher) {
            this.publisher = publisher;
        }

        boolean publisher() {
            return publisher != null;
        }

        static Async of(String returnType) {
            switch (returnType) {
                case "java.util.concurrent.CompletableFuture":
                case "java.util.concurrent.Future": return FUTURE;
                case "java.util.concurrent.CompletionStage": return STAGE;
                case "reactor.core.publisher.Mono": return MONO;
                case "reactor.core.publisher.Flux": return FLUX;
                default: return null;
            }
        }
    }

    /**
     * The value of {@code inner} (nothing when null) in the shape of {@code shape}; or, when
     * {@code fails}, the exception {@code inner} throws as a failed future or an error signal.
     */
    static Fallback async(Async shape, Fallback inner, boolean fails) {
        if (!shape.publisher()) {
            return new Fallback() {
                @Override
                Object produce(Class<?> type, Object self, Object[] args) throws Throwable {
                    if (!fails) {
                        Object value = inner.produce(type, self, args);
                        return shape == Async.STAGE ? CompletableFuture.completedStage(value)
                                : CompletableFuture.completedFuture(value);
                    }
                    Throwable failure = failure(inner, type, self, args);
                    return shape == Async.STAGE ? CompletableFuture.failedStage(failure)
                            : CompletableFuture.failedFuture(failure);
                }
            };
        }
        return new Resolving() {
            @Override
            Object resolve(Class<?> type) throws ReflectiveOperationException {
                Class<?> publisher = load(shape.publisher, type);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return new MethodHandle[] {
                    lookup.findStatic(publisher, "empty", MethodType.methodType(publisher)),
                    lookup.findStatic(publisher, "just", MethodType.methodType(publisher, Object.class)),
                    lookup.findStatic(publisher, "error", MethodType.methodType(publisher, Throwable.class)),
                };
            }

            @Override
            String problem(Throwable e) {
                return "cannot make a " + shape.publisher + ": " + e;
            }

            @Override
            Object use(Object resolved, Class<?> type, Object self, Object[] args) throws Throwable {
                MethodHandle[] h = (MethodHandle[]) resolved;
                if (fails) {
                    return h[2].invoke(failure(inner, type, self, args));
                }
                Object value = inner == null ? null : inner.produce(type, self, args);
                return value == null ? h[0].invoke() : h[1].invoke(value);
            }
        };
    }

    /** The exception a throwing fallback throws (an Unusable one is not a failure of the call: it passes). */
    private static Throwable failure(Fallback inner, Class<?> type, Object self, Object[] args) throws Unusable {
        try {
            inner.produce(type, self, args);
            return new IllegalStateException("the fallback did not throw");
        } catch (Unusable u) {
            throw u;
        } catch (Throwable t) {
            return t;
        }
    }

    static Class<?> load(String name, Class<?> context) throws ClassNotFoundException {
        switch (name) {
            case "boolean": return boolean.class;
            case "byte": return byte.class;
            case "short": return short.class;
            case "char": return char.class;
            case "int": return int.class;
            case "long": return long.class;
            case "float": return float.class;
            case "double": return double.class;
            default:
                if (name.endsWith("[]")) {
                    return Array.newInstance(load(name.substring(0, name.length() - 2), context), 0).getClass();
                }
                return Class.forName(name, false, context.getClassLoader());
        }
    }
}
