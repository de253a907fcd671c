package dev.pancake.agent.admin;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import dev.pancake.agent.background.Background;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.FlagReport;
import dev.pancake.agent.log.Log;

/**
 * When the application has Micrometer, the meters of {@code GET /metrics} are registered on its
 * {@code Metrics.globalRegistry} too (which Spring Boot's registries join), under the same names
 * and tags: {@code pancake.evaluations} (flag, type, outcome), {@code pancake.flag.enabled},
 * {@code pancake.sample.percent}, {@code pancake.store.up} and {@code pancake.changes.seen}.
 *
 * <p>The agent does not see the application's classes: Micrometer is looked for, by reflection,
 * in each class loader the engine meets (a gated class's, an API caller's), on the agent's timer
 * thread, never while that loader is defining a class. The meters read the flags' reports when
 * they are read (at most once a second for all of them), never on a gated call.
 */
public final class MicrometerMeters {

    private static final String PACKAGE = "io.micrometer.core.instrument.";
    private static final long REPORTS_MAX_AGE_NS = 1_000_000_000L;
    private static final String[] OUTCOMES = {"active", "inactive", "fallback", "error"};

    private final Engine engine;
    /** Each registry found, with the meters registered on it (by name and tags); guarded by itself. */
    private final Map<Object, Set<String>> registries = new WeakHashMap<>();
    private final Set<ClassLoader> looked = Collections.newSetFromMap(new WeakHashMap<>());
    private List<FlagReport> reports;
    private long reportsAt;

    private MicrometerMeters(Engine engine) {
        this.engine = engine;
    }

    /** Starts looking for Micrometer in every class loader the engine meets. */
    public static MicrometerMeters start(Engine engine) {
        MicrometerMeters meters = new MicrometerMeters(engine);
        engine.onLoaderSeen(new Consumer<ClassLoader>() {
            @Override
            public void accept(ClassLoader loader) {
                WeakReference<ClassLoader> ref = new WeakReference<>(loader);
                Background.after(0, "looking for Micrometer", new Runnable() {
                    @Override
                    public void run() {
                        ClassLoader l = ref.get();
                        if (l != null) {
                            meters.look(l);
                        }
                    }
                });
            }
        });
        return meters;
    }

    /** Registers the meters of flags declared since (a reload), on every registry found so far. */
    public void reconfigure() {
        Background.after(0, "registering Pancake's meters with Micrometer", new Runnable() {
            @Override
            public void run() {
                synchronized (registries) {
                    for (Map.Entry<Object, Set<String>> r : registries.entrySet()) {
                        register(r.getKey(), r.getValue());
                    }
                }
            }
        });
    }

    private void look(ClassLoader loader) {
        synchronized (registries) {
            if (!looked.add(loader)) {
                return;
            }
            Object registry = globalRegistry(loader);
            if (registry != null && !registries.containsKey(registry)) {
                Set<String> registered = new HashSet<>();
                registries.put(registry, registered);
                register(registry, registered);
            }
        }
    }

    /**
     * {@code Metrics.globalRegistry} as {@code loader} sees it, or null when it sees no Micrometer. A loader
     * that fails when asked (a webapp's, closed by its undeployment since the engine met it) sees none
     * either; a Micrometer that is there but cannot be used is reported once.
     */
    static Object globalRegistry(ClassLoader loader) {
        Class<?> metrics;
        try {
            metrics = Class.forName(PACKAGE + "Metrics", false, loader);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            Log.debug("Micrometer: could not look in " + loader + ": " + e);
            return null;
        } catch (LinkageError e) {
            Log.once(Log.Level.WARN, "micrometer", "Micrometer: cannot load Metrics: " + e);
            return null;
        }
        try {
            return Class.forName(metrics.getName(), true, loader).getField("globalRegistry").get(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Log.once(Log.Level.WARN, "micrometer", "Micrometer: cannot reach Metrics.globalRegistry: " + e);
            return null;
        }
    }

    private void register(Object registry, Set<String> registered) {
        try {
            ClassLoader loader = registry.getClass().getClassLoader();
            Class<?> registryType = Class.forName(PACKAGE + "MeterRegistry", false, loader);
            Method counter = Class.forName(PACKAGE + "FunctionCounter", false, loader)
                    .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
            Method gauge = Class.forName(PACKAGE + "Gauge", false, loader)
                    .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
            for (FlagReport r : reports()) {
                String type = r.type().lower();
                for (int kind = 0; kind < OUTCOMES.length; kind++) {
                    add(registry, registryType, registered, counter, "pancake.evaluations",
                            "Evaluations of a flag in this JVM, by outcome", new Reading(r.name(), r.type(), kind),
                            "flag", r.name(), "type", type, "outcome", OUTCOMES[kind]);
                }
                boolean sample = r.type() == FlagType.SAMPLE;
                add(registry, registryType, registered, gauge, sample ? "pancake.sample.percent" : "pancake.flag.enabled",
                        sample ? "The percentage of calls for which a sample is active"
                                : "Whether a switch or a flag is on for everyone: 1 or 0",
                        new Reading(r.name(), r.type(), Reading.CURRENT), "flag", r.name(), "type", type);
            }
            add(registry, registryType, registered, gauge, "pancake.store.up", "Whether the flag store answers: 1 or 0",
                    new Reading(null, null, Reading.STORE_UP));
            add(registry, registryType, registered, counter, "pancake.changes.seen",
                    "Stored flag values this JVM has seen change", new Reading(null, null, Reading.CHANGES));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException i && i.getCause() != null ? i.getCause() : e;
            Log.once(Log.Level.WARN, "micrometer", "Micrometer: cannot register Pancake's meters: " + cause);
        }
    }

    private void add(Object registry, Class<?> registryType, Set<String> registered, Method builder, String name,
            String description, Reading reading, String... tags) throws ReflectiveOperationException {
        if (!registered.add(name + String.join(",", tags))) {
            return;
        }
        Object b = builder.invoke(null, name, this, reading);
        b = b.getClass().getMethod("description", String.class).invoke(b, description);
        b = b.getClass().getMethod("tags", String[].class).invoke(b, (Object) tags);
        b.getClass().getMethod("register", registryType).invoke(b, registry);
    }

    private synchronized List<FlagReport> reports() {
        long now = System.nanoTime();
        if (reports == null || now - reportsAt > REPORTS_MAX_AGE_NS) {
            reports = engine.reports();
            reportsAt = now;
        }
        return reports;
    }

    /** One meter's value, read from the flags' reports (the meters hold this, and the agent's meters object). */
    private final class Reading implements ToDoubleFunction<Object> {
        static final int CURRENT = -1;
        static final int STORE_UP = -2;
        static final int CHANGES = -3;

        private final String flag;
        private final FlagType type;
        private final int kind;

        Reading(String flag, FlagType type, int kind) {
            this.flag = flag;
            this.type = type;
            this.kind = kind;
        }

        @Override
        public double applyAsDouble(Object ignored) {
            if (kind == STORE_UP) {
                return engine.storeUp() ? 1 : 0;
            }
            if (kind == CHANGES) {
                return engine.changesSeen();
            }
            for (FlagReport r : reports()) {
                if (r.name().equals(flag) && r.type() == type) {
                    if (kind == CURRENT) {
                        return type == FlagType.SAMPLE ? Double.parseDouble(r.current()) : "true".equals(r.current()) ? 1 : 0;
                    }
                    FlagReport.Counts c = r.counts();
                    if (c == null) {
                        return 0;
                    }
                    switch (kind) {
                        case 0: return c.active();
                        case 1: return c.inactive();
                        case 2: return c.fallback();
                        default: return c.error();
                    }
                }
            }
            return Double.NaN; // no longer declared
        }
    }
}
