package dev.pancake.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.MethodInfo;
import dev.pancake.agent.log.Log;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Instruments the methods annotated {@code @dev.pancake.Toggle} of every class that loads (and of
 * classes retransformed after a dynamic attach). Never lets an exception escape: a class that
 * cannot be instrumented is reported once and loads unchanged.
 *
 * <p>Cheap for every other class, since every class an application loads passes through here on
 * its loading thread: JDK and agent classes are skipped by name, then only the constant pool's tags
 * and lengths are walked ({@link ClassScan#namesToggle}). A class whose constant pool does not name
 * {@code Ldev/pancake/Toggle;} cannot use the annotation and is left alone without being parsed.
 */
public final class ToggleTransformer implements ClassFileTransformer {

    static final String TOGGLE = "dev.pancake.Toggle";
    private static final String[] SKIPPED_PREFIXES = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/pancake/bridge/", "dev/pancake/launcher/",
        "dev/pancake/agent/", "dev/pancake/shaded/", "net/bytebuddy/", "org/graalvm/",
    };

    private final Gates gates;
    private final ClassLoader agentLoader;
    private final ThreadLocal<Boolean> busy = new ThreadLocal<>();
    private final Map<ClassLoader, Boolean> seesBridge = new WeakHashMap<>();

    public ToggleTransformer(Gates gates) {
        this.gates = gates;
        this.agentLoader = ToggleTransformer.class.getClassLoader();
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
            byte[] bytes) {
        if (className == null || bytes == null || loader == agentLoader || skipped(className)
                || !ClassScan.namesToggle(bytes) || busy.get() != null) {
            return null;
        }
        busy.set(Boolean.TRUE);
        try {
            return instrument(loader, className, bytes);
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

    private byte[] instrument(ClassLoader loader, String internalName, byte[] bytes) {
        ClassScan scan = ClassScan.of(bytes);
        String name = internalName.replace('/', '.');
        List<ClassScan.Method> methods = scan.methods;
        boolean any = false;
        for (ClassScan.Method m : methods) {
            if (!m.gated() || m.isBridgeOrSynthetic()) {
                continue;
            }
            if (!m.hasBody()) {
                boolean isNative = (m.access() & Opcodes.ACC_NATIVE) != 0;
                Log.once(Log.Level.WARN, "abstract:" + name + "#" + m.name(), "@Toggle on " + name + "#" + m.name()
                        + " is ignored: " + (isNative ? "a native" : "an abstract or interface") + " method has no body"
                        + " to gate; annotate the method that implements it");
                continue;
            }
            any = true;
        }
        if (!any) {
            return null;
        }
        if (scan.version < Opcodes.V1_5) {
            Log.once(Log.Level.ERROR, "version:" + name, name + " is compiled for Java 1.4 or older; its @Toggle methods"
                    + " run ungated");
            return null;
        }
        if (!canSeeBridge(loader, name)) {
            return null;
        }
        TypeResolver types = new TypeResolver(loader);
        Map<String, Integer> ids = new HashMap<>();
        for (ClassScan.Method m : methods) {
            if (!m.gated() || m.isBridgeOrSynthetic() || !m.hasBody()) {
                continue;
            }
            FlagType type = FlagType.parse(m.toggleType());
            MethodInfo info = types.method(internalName, m, methods);
            FlagType flagType = type == null ? FlagType.SWITCH : type;
            int id = gates.gate(flagType, m.toggleName(), info, loader);
            if (id < 0) {
                Log.once(Log.Level.ERROR, "no-engine:" + name, name + " loaded while the agent could not start; its"
                        + " @Toggle methods run ungated");
                return null;
            }
            ids.put(m.name() + m.descriptor(), id);
            if (Log.enabled(Log.Level.DEBUG)) {
                Log.debug("gated " + info.signature() + " by " + flagType.lower() + " "
                        + m.toggleName().toUpperCase(Locale.ROOT));
            }
        }
        byte[] woven = GateWeaver.weave(bytes, ids);
        gates.instrumented(name);
        return woven;
    }

    /**
     * Runs the scanner and the weaver once over a class file of the agent's own, so that the few
     * dozen ASM classes they need are loaded on the agent's start-up thread rather than by the
     * application's first class with {@code @Toggle} methods.
     */
    public void warmUp() {
        String resource = GateWeaver.class.getName().replace('.', '/') + ".class";
        try (java.io.InputStream in = agentLoader.getResourceAsStream(resource)) {
            if (in == null) {
                return;
            }
            byte[] bytes = in.readAllBytes();
            ClassScan scan = ClassScan.of(bytes);
            for (ClassScan.Method m : scan.methods) {
                if (m.hasBody()) {
                    GateWeaver.weave(bytes, Map.of(m.name() + m.descriptor(), 0));
                    return;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            Log.debug("warming up the weaver failed: " + e);
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
