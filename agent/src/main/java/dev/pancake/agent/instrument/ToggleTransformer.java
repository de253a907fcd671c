package dev.pancake.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.MethodGate;
import dev.pancake.agent.log.Log;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Instruments the methods annotated {@code @dev.pancake.Toggle} of every class that loads (and of
 * classes retransformed after a dynamic attach). Never lets an exception escape: a class that
 * cannot be instrumented is reported once and loads unchanged.
 */
public final class ToggleTransformer implements ClassFileTransformer {

    static final String TOGGLE = "dev.pancake.Toggle";
    private static final byte[] MARKER = "Ldev/pancake/Toggle;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String[] SKIPPED_PREFIXES = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/pancake/bridge/", "dev/pancake/launcher/",
        "dev/pancake/agent/", "dev/pancake/shaded/", "net/bytebuddy/", "org/graalvm/",
    };

    private final Engine engine;
    private final ClassLoader agentLoader;
    private final ClassFileLocator adviceLocator;
    private final ThreadLocal<Boolean> busy = new ThreadLocal<>();
    private final Map<ClassLoader, Boolean> seesBridge = new WeakHashMap<>();

    public ToggleTransformer(Engine engine) {
        this.engine = engine;
        this.agentLoader = ToggleTransformer.class.getClassLoader();
        this.adviceLocator = ClassFileLocator.ForClassLoader.of(agentLoader);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
            byte[] bytes) {
        if (className == null || bytes == null || loader == agentLoader || skipped(className)
                || !contains(bytes, MARKER) || busy.get() != null) {
            return null;
        }
        busy.set(Boolean.TRUE);
        try {
            return instrument(loader, className.replace('/', '.'), bytes);
        } catch (Throwable t) {
            Log.once(Log.Level.ERROR, "instrument:" + className, "could not instrument " + className.replace('/', '.')
                    + ", its @Toggle methods run ungated: " + t);
            return null;
        } finally {
            busy.remove();
        }
    }

    static boolean skipped(String internalName) {
        for (String p : SKIPPED_PREFIXES) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return internalName.contains("$$");
    }

    /** True when {@code needle} occurs in {@code hay}: the constant-pool pre-filter. */
    static boolean contains(byte[] hay, byte[] needle) {
        byte first = needle[0];
        int last = hay.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private byte[] instrument(ClassLoader loader, String name, byte[] bytes) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
        TypeDescription type = pool.describe(name).resolve();
        List<MethodDescription> gated = new ArrayList<>();
        for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
            AnnotationDescription toggle = toggleOf(m);
            if (toggle == null || m.isBridge()) {
                continue;
            }
            if (m.isAbstract() || m.isNative()) {
                Log.once(Log.Level.WARN, "abstract:" + name + "#" + m.getName(), "@Toggle on " + name + "#" + m.getName()
                        + " is ignored: an " + (m.isNative() ? "native" : "abstract or interface")
                        + " method has no body to gate; annotate the implementing method");
                continue;
            }
            if (!m.isMethod()) {
                continue;
            }
            gated.add(m);
        }
        if (gated.isEmpty()) {
            return null;
        }
        if (!canSeeBridge(loader, name)) {
            return null;
        }
        Shapes shapes = new Shapes();
        DynamicType.Builder<?> builder = new ByteBuddy(ClassFileVersion.ofThisVm(ClassFileVersion.JAVA_V17))
                .with(TypeValidation.DISABLED)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .redefine(type, locator);
        for (MethodDescription m : gated) {
            AnnotationDescription toggle = toggleOf(m);
            String flagName = (String) toggle.getValue("name").resolve();
            FlagType flagType = typeOf(toggle);
            MethodGate gate = engine.gate(flagType, flagName, shapes.method(type, m, true), loader);
            Class<?> advice = m.getReturnType().represents(void.class) ? VoidGateAdvice.class : GateAdvice.class;
            builder = builder.visit(Advice.withCustomMapping().bind(GateId.class, gate.id())
                    .to(advice, adviceLocator)
                    .on(ElementMatchers.is(m)));
            Log.debug("gated " + gate.method().signature() + " by " + flagType.lower() + " " + flagName.toUpperCase(java.util.Locale.ROOT));
        }
        byte[] instrumented = builder.make().getBytes();
        engine.classInstrumented(name);
        return instrumented;
    }

    private static AnnotationDescription toggleOf(MethodDescription m) {
        for (AnnotationDescription a : m.getDeclaredAnnotations()) {
            if (a.getAnnotationType().getName().equals(TOGGLE)) {
                return a;
            }
        }
        return null;
    }

    private static FlagType typeOf(AnnotationDescription toggle) {
        try {
            EnumerationDescription e = toggle.getValue("type").resolve(EnumerationDescription.class);
            FlagType t = FlagType.parse(e.getValue());
            return t == null ? FlagType.SWITCH : t;
        } catch (RuntimeException e) {
            return FlagType.SWITCH; // the annotation's default
        }
    }

    /** Advice calls the bridge; a class loader that cannot see the bootstrap path would fail every gated call. */
    private boolean canSeeBridge(ClassLoader loader, String className) {
        if (loader == null) {
            return true;
        }
        Boolean known;
        synchronized (seesBridge) {
            known = seesBridge.get(loader);
        }
        if (known == null) {
            try {
                known = Class.forName("dev.pancake.bridge.Bridge", false, loader).getClassLoader() == null;
            } catch (ClassNotFoundException | LinkageError e) {
                known = false;
            }
            synchronized (seesBridge) {
                seesBridge.put(loader, known);
            }
        }
        if (!known) {
            Log.once(Log.Level.ERROR, "bridge:" + loader, "class loader " + loader + " (of " + className + ") does not"
                    + " delegate dev.pancake.bridge to the bootstrap class loader, so its @Toggle methods run ungated;"
                    + " add dev.pancake.bridge to its boot delegation (OSGi: org.osgi.framework.bootdelegation=dev.pancake.bridge.*)");
        }
        return known;
    }
}
