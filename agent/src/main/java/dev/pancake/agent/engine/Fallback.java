package dev.pancake.agent.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
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

    /** Resolved in the application's class loader on first use, then constant. */
    abstract static class Lazy extends Fallback {
        private volatile Object value;
        private volatile boolean resolved;

        @Override
        Object produce(Class<?> type, Object self, Object[] args) throws Unusable {
            if (!resolved) {
                try {
                    value = resolve(type);
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    throw new Unusable(e.toString());
                }
                resolved = true;
            }
            return value;
        }

        abstract Object resolve(Class<?> type) throws ReflectiveOperationException;
    }

    static Fallback emptyArray(TypeInfo array) {
        return new Lazy() {
            @Override
            Object resolve(Class<?> type) throws ClassNotFoundException {
                return Array.newInstance(load(array.element().name(), type), 0);
            }
        };
    }

    static Fallback enumConstant(String enumType, String constant) {
        return new Lazy() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object resolve(Class<?> type) throws ClassNotFoundException {
                return Enum.valueOf((Class) load(enumType, type), constant);
            }
        };
    }

    /** {@code new T()} for a concrete collection or map type, every time. */
    static Fallback construct(String className) {
        return new Fallback() {
            private volatile Constructor<?> constructor;

            @Override
            Object produce(Class<?> type, Object self, Object[] args) throws Throwable {
                Constructor<?> c = constructor;
                if (c == null) {
                    try {
                        c = load(className, type).getConstructor();
                        c.setAccessible(true);
                    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                        throw new Unusable("cannot create an empty " + className + ": " + e);
                    }
                    constructor = c;
                }
                try {
                    return c.newInstance();
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
        return new Fallback() {
            private volatile Constructor<?> constructor;

            @Override
            Object produce(Class<?> type, Object self, Object[] args) throws Throwable {
                Constructor<?> c = constructor;
                if (c == null) {
                    try {
                        c = load(DISABLED_EXCEPTION, type).getConstructor(String.class, String.class);
                    } catch (ReflectiveOperationException | LinkageError e) {
                        // the annotations jar is not visible here (a copied @Toggle?): still refuse to run
                        throw new IllegalStateException(message);
                    }
                    constructor = c;
                }
                throw (Throwable) c.newInstance(flag, message);
            }
        };
    }

    /** Calls another method of the same class (or a superclass) with the same arguments. */
    static Fallback call(MethodInfo target) {
        return new Fallback() {
            private volatile MethodHandle handle;

            @Override
            Object produce(Class<?> type, Object self, Object[] args) throws Throwable {
                MethodHandle h = handle;
                if (h == null) {
                    try {
                        h = resolve(type);
                    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                        throw new Unusable("cannot call " + target.signature() + ": " + e);
                    }
                    handle = h;
                }
                return h.invoke(self, args);
            }

            private MethodHandle resolve(Class<?> type) throws ReflectiveOperationException {
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
        };
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
