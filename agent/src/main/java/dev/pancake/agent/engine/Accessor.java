package dev.pancake.agent.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import dev.pancake.agent.config.AccessorSpec;

/**
 * Reads a group's current id with the accessor that pancake.yml names, resolved in one class
 * loader: a public static field (a ThreadLocal, InheritableThreadLocal included, is read with
 * get(); a Java 25 ScopedValue with get() while it is bound) or a public static no-arg method
 * of an application class (never synthetic, never inherited from the JDK), then a
 * chain of properties (getter getX()/isX(), record accessor x(), or public field x), each resolved
 * against the runtime class of the value it is applied to (and cached for that class).
 *
 * <p>Only the members that pancake.yml names are ever touched, and a property is only ever a
 * getter, a record component or a public field: no other method, no method with arguments, no
 * {@code getClass()}, nothing of {@code Class}, {@code Module} or {@code ClassLoader}.
 */
final class Accessor {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private final AccessorSpec spec;
    /** The class the accessor starts from, which keeps it (see LoaderContext). */
    private final Class<?> type;
    private final MethodHandle root;
    /**
     * The value of a {@code static final} root field, read once: a method handle held in a field is not a constant
     * to the JIT, so calling it costs an indirect call on every gated Flag call (about 3 ns), while a ThreadLocal
     * held here is read with a plain, inlined {@code get()}. Null for methods, non-final fields and null values.
     */
    private final Object fixedRoot;
    /** Whether the root is a {@code java.lang.ScopedValue} (known when it is resolved, so other roots pay nothing). */
    private final boolean scopedRoot;
    private final Property[] properties;

    private Accessor(AccessorSpec spec, Class<?> type, MethodHandle root, Object fixedRoot, boolean scopedRoot) {
        this.spec = spec;
        this.type = type;
        this.root = root;
        this.fixedRoot = fixedRoot;
        this.scopedRoot = scopedRoot;
        this.properties = new Property[spec.properties().size()];
        for (int i = 0; i < properties.length; i++) {
            properties[i] = new Property(spec.properties().get(i), type.getClassLoader());
        }
    }

    /**
     * Resolves the root member in this class loader.
     *
     * @throws ReflectiveOperationException with a message for the user when the class or member is missing
     */
    static Accessor resolve(AccessorSpec spec, ClassLoader loader) throws ReflectiveOperationException {
        if (AccessorSpec.isJdkClass(spec.className())) { // the parser refuses it; a spec built elsewhere too
            throw new Unreadable(spec.refusal());
        }
        Class<?> type;
        try {
            type = Class.forName(spec.className(), true, loader);
        } catch (ClassNotFoundException e) {
            throw new ClassNotFoundException("class " + spec.className() + " not found");
        }
        MethodHandles.Lookup lookup = lookupIn(type);
        MethodHandle root;
        Object fixedRoot = null;
        Class<?> declared;
        if (spec.method()) {
            Method m = findStaticMethod(type, spec.member());
            declared = m.getReturnType();
            root = lookup.unreflect(m).asType(MethodType.methodType(Object.class));
        } else {
            Field f = findStaticField(type, spec.member());
            declared = f.getType();
            root = lookup.unreflectGetter(f).asType(MethodType.methodType(Object.class));
            if (Modifier.isFinal(f.getModifiers())) {
                try {
                    fixedRoot = (Object) root.invokeExact(); // the class is initialised: the value is final
                } catch (Throwable t) {
                    fixedRoot = null; // not expected for a static field of an initialised class; read it per call
                }
            }
        }
        boolean scoped = ScopedValues.is(declared) || fixedRoot != null && ScopedValues.is(fixedRoot.getClass());
        return new Accessor(spec, type, root, fixedRoot, scoped);
    }

    AccessorSpec spec() {
        return spec;
    }

    /** The class named before the {@code #}. */
    Class<?> type() {
        return type;
    }

    /**
     * The raw value, or null. A ThreadLocal is read with get() and an Optional is unwrapped, at
     * the root and after each property.
     *
     * @throws Unreadable when a property does not exist on the value's class
     * @throws Throwable  whatever the application's code throws
     */
    Object read() throws Throwable {
        Object value = fixedRoot != null ? fixedRoot : (Object) root.invokeExact();
        if (scopedRoot) {
            value = ScopedValues.current(value);
        }
        value = unwrap(value);
        for (Property p : properties) {
            if (value == null) {
                return null;
            }
            value = unwrap(p.apply(value));
        }
        return value;
    }

    private static Object unwrap(Object value) {
        if (value instanceof ThreadLocal<?> local) {
            value = local.get();
        }
        if (value instanceof java.util.Optional<?> optional) {
            value = optional.orElse(null);
        }
        return value;
    }

    /** A property that the value's class does not have: a mistake in pancake.yml, not a passing failure. */
    static final class Unreadable extends ReflectiveOperationException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    private static MethodHandles.Lookup lookupIn(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, LOOKUP);
        } catch (IllegalAccessException | SecurityException e) {
            return MethodHandles.publicLookup();
        }
    }

    private static Field findStaticField(Class<?> type, String name) throws ReflectiveOperationException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (!Modifier.isStatic(f.getModifiers())) {
                    throw new NoSuchFieldException(type.getName() + "#" + name + " is not a static field");
                }
                checkRoot(type, f, f.getModifiers(), f.isSynthetic(), type.getName() + "#" + name);
                return f;
            } catch (NoSuchFieldException e) {
                if (e.getMessage() != null && e.getMessage().contains("not a static")) {
                    throw e;
                }
            }
        }
        throw new NoSuchFieldException("no static field " + name + " in " + type.getName()
                + " (write " + type.getName() + "#" + name + "() for a method)");
    }

    private static Method findStaticMethod(Class<?> type, String name) throws ReflectiveOperationException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    if (!Modifier.isStatic(m.getModifiers())) {
                        throw new NoSuchMethodException(type.getName() + "#" + name + "() is not static");
                    }
                    if (m.getReturnType() == void.class) {
                        throw new NoSuchMethodException(type.getName() + "#" + name + "() returns nothing");
                    }
                    checkRoot(type, m, m.getModifiers(), m.isSynthetic() || m.isBridge(), type.getName() + "#" + name + "()");
                    return m;
                }
            }
        }
        throw new NoSuchMethodException("no static no-arg method " + name + "() in " + type.getName());
    }

    /**
     * The root must be what the application offers to be read: public, written in its source (not
     * synthetic, such as the lambda of a static initialiser), and not inherited from a JDK class
     * (a subclass of Thread would otherwise reach Thread#interrupted()).
     */
    private static void checkRoot(Class<?> type, java.lang.reflect.Member member, int modifiers, boolean synthetic,
            String text) throws Unreadable {
        if (!Modifier.isPublic(modifiers)) {
            throw new Unreadable(text + " is not public; an accessor reads only public members");
        }
        if (synthetic) {
            throw new Unreadable(text + " is generated by the compiler, not a member of " + type.getName() + "'s source");
        }
        String owner = member.getDeclaringClass().getName();
        if (AccessorSpec.isJdkClass(owner)) {
            throw new Unreadable(text + " is declared by the JDK class " + owner
                    + "; an accessor reads the application's own state");
        }
    }

    /**
     * One {@code .name} step, with a one-entry cache of its resolution for the last class seen.
     * That cache lives as long as the accessor, so it only takes classes of the accessor's own
     * class loader or of its parents; a value's class from another loader (a child's, which may
     * be dropped first) keeps its resolution itself, in a {@link ClassValue}.
     */
    private static final class Property {
        private final String name;
        private final ClassLoader home;
        private volatile Resolved last;
        private final ClassValue<Object> elsewhere = new ClassValue<>() {
            @Override
            protected Object computeValue(Class<?> type) {
                try {
                    return new Resolved(type, resolve(type));
                } catch (ReflectiveOperationException e) {
                    return String.valueOf(e.getMessage()); // not the exception: its stack would reach the caller's classes
                }
            }
        };

        private record Resolved(Class<?> type, MethodHandle getter) {}

        Property(String name, ClassLoader home) {
            this.name = name;
            this.home = home;
        }

        Object apply(Object target) throws Throwable {
            Resolved r = last;
            if (r == null || r.type != target.getClass()) {
                r = resolved(target.getClass());
            }
            return (Object) r.getter.invokeExact(target);
        }

        private Resolved resolved(Class<?> type) throws ReflectiveOperationException {
            if (kept(type.getClassLoader())) {
                Resolved r = new Resolved(type, resolve(type));
                last = r;
                return r;
            }
            Object r = elsewhere.get(type);
            if (r instanceof String problem) {
                throw new Unreadable(problem);
            }
            return (Resolved) r;
        }

        /** True when classes of {@code loader} live at least as long as the accessor's own class. */
        private boolean kept(ClassLoader loader) {
            if (loader == null) {
                return true;
            }
            for (ClassLoader l = home; l != null; l = l.getParent()) {
                if (l == loader) {
                    return true;
                }
            }
            return false;
        }

        private MethodHandle resolve(Class<?> type) throws ReflectiveOperationException {
            if (Class.class.isAssignableFrom(type) || ClassLoader.class.isAssignableFrom(type)
                    || Module.class.isAssignableFrom(type)) {
                throw new Unreadable("property " + name + " of a " + type.getName()
                        + ": accessors do not reflect on classes, modules or class loaders");
            }
            String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            MethodHandles.Lookup lookup = lookupIn(type);
            Method m = findPublicGetter(type, "get" + cap, false);
            if (m == null) {
                m = findPublicGetter(type, "is" + cap, true);
            }
            if (m == null && type.isRecord()) {
                m = recordAccessor(type, name);
            }
            if (m != null) {
                MethodHandle h;
                try {
                    h = lookup.unreflect(m);
                } catch (IllegalAccessException e) {
                    m.setAccessible(true);
                    h = LOOKUP.unreflect(m);
                }
                return h.asType(MethodType.methodType(Object.class, Object.class));
            }
            try {
                Field f = type.getField(name);
                if (!Modifier.isStatic(f.getModifiers())) {
                    return lookup.unreflectGetter(f).asType(MethodType.methodType(Object.class, Object.class));
                }
            } catch (NoSuchFieldException e) {
                // reported below
            }
            throw new Unreadable("no property " + name + " on " + type.getName() + " (looked for get" + cap + "(), is"
                    + cap + "(), a record component " + name + " and a public field " + name
                    + "; other methods are never called)");
        }

        /** The accessor of record component {@code name}, or null: on a record, {@code x()} is a getter; elsewhere it could be anything. */
        private static Method recordAccessor(Class<?> type, String name) {
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
                if (c.getName().equals(name)) {
                    return c.getAccessor();
                }
            }
            return null;
        }

        /**
         * A public instance getter {@code getX()} or {@code isX()} (boolean only), never
         * {@code getClass()}: the class is the way into reflection.
         */
        private static Method findPublicGetter(Class<?> type, String name, boolean booleanOnly) {
            if (name.equals("getClass")) {
                return null;
            }
            for (Method m : type.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0 && m.getReturnType() != void.class
                        && !Modifier.isStatic(m.getModifiers())
                        && (!booleanOnly || m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
                    return m;
                }
            }
            return null;
        }
    }

    /**
     * Java 25's {@code java.lang.ScopedValue}, reached through method handles (the agent is built
     * for Java 17). Loaded only when an accessor's root is one.
     */
    static final class ScopedValues {
        private static final String NAME = "java.lang.ScopedValue";
        private static final MethodHandle IS_BOUND;
        private static final MethodHandle GET;

        static {
            MethodHandle isBound = null;
            MethodHandle get = null;
            try {
                Class<?> scoped = Class.forName(NAME);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                isBound = lookup.findVirtual(scoped, "isBound", MethodType.methodType(boolean.class))
                        .asType(MethodType.methodType(boolean.class, Object.class));
                get = lookup.findVirtual(scoped, "get", MethodType.methodType(Object.class))
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | LinkageError e) {
                // before Java 21 there is no ScopedValue, so no root can be one
            }
            IS_BOUND = isBound;
            GET = get;
        }

        private ScopedValues() {}

        static boolean is(Class<?> type) {
            return type.getName().equals(NAME);
        }

        /** The value bound in the current thread's scope, or null when none is. */
        static Object current(Object scopedValue) throws Throwable {
            if (scopedValue == null || IS_BOUND == null) {
                return null;
            }
            return (boolean) IS_BOUND.invokeExact(scopedValue) ? (Object) GET.invokeExact(scopedValue) : null;
        }
    }
}
