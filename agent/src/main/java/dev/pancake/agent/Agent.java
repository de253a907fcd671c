package dev.pancake.agent;

import java.lang.instrument.Instrumentation;
import java.nio.file.NoSuchFileException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.pancake.agent.admin.MicrometerMeters;
import dev.pancake.agent.admin.OperatorViews;
import dev.pancake.agent.admin.jmx.JmxRegistration;
import dev.pancake.agent.admin.web.AdminServer;
import dev.pancake.agent.config.ArgumentOverrides;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.ConfigException;
import dev.pancake.agent.config.ConfigFile;
import dev.pancake.agent.config.ConfigLocator;
import dev.pancake.agent.config.ConfigParser;
import dev.pancake.agent.config.ConfigWatcher;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.Reconfiguration;
import dev.pancake.agent.fleet.Heartbeat;
import dev.pancake.agent.instrument.LoadedClasses;
import dev.pancake.agent.instrument.ToggleTransformer;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.Stores;
import dev.pancake.bridge.Bridge;

/**
 * Starts the agent inside the application's JVM. Called by the launcher from {@code premain} or
 * {@code agentmain}.
 *
 * <p>Only what must happen before the application's first class loads happens here, on the
 * application's start-up path: the transformer is installed and the bridge answers. Reading
 * pancake.yml, opening the store (without waiting for it), starting the engine, JMX, the admin
 * page and watching the file happen on the {@code pancake-start} thread while the application
 * starts. Classes load without waiting for that; a gated call or an API call that comes first
 * waits, at most timeout-ms, and fails closed ({@link Startup}).
 */
public final class Agent {

    public static final String VERSION = version();

    /** How long the start-up thread, when it is done, waits for the store's first read to end, to report it. */
    private static final long FIRST_READ_WAIT_MS = 3_000;

    private Agent() {}

    /**
     * Called by the launcher's {@code premain}. Same shape as {@code premain} itself, so that the
     * launcher's reflective call reuses what the JVM built to call {@code premain} (on Java 18+ a
     * reflective call of a new shape spins method-handle classes for milliseconds).
     */
    public static void premain(String args, Instrumentation inst) {
        start(inst, args, false);
    }

    /** Called by the launcher's {@code agentmain}; see {@link #premain}. */
    public static void agentmain(String args, Instrumentation inst) {
        start(inst, args, true);
    }

    static void start(Instrumentation inst, String args, boolean attached) {
        long started = System.nanoTime();
        Startup startup = new Startup();
        ToggleTransformer transformer = new ToggleTransformer(startup);
        Bridge.install(startup);
        // Retransform-capable only after a dynamic attach, which retransforms the classes loaded before
        // the agent. Under -javaagent the agent retransforms nothing, and a transformer that is not
        // retransform-capable is not run again when another agent retransforms a class: the gate woven
        // at load stays, and is not made a second time.
        inst.addTransformer(transformer, attached);
        System.setProperty("pancake.agent.version", VERSION);
        Runnable build = new Runnable() { // not a lambda: the JVM's first lambda costs start-up time
            @Override
            public void run() {
                build(inst, args, attached, startup, transformer, started);
            }
        };
        Thread thread = new Thread(build, "pancake-start");
        thread.setDaemon(true);
        // the agent's own loader, never the application's: nothing here may wait on an application class loader
        thread.setContextClassLoader(Agent.class.getClassLoader());
        thread.start();
    }

    /** Runs on pancake-start. */
    private static void build(Instrumentation inst, String args, boolean attached, Startup startup,
            ToggleTransformer transformer, long started) {
        Engine engine;
        MicrometerMeters micrometer;
        ConfigLocator locator;
        Config config;
        String[] text = new String[1];
        ConfigException[] unreadable = new ConfigException[1];
        ArgumentOverrides overrides;
        try {
            locator = ConfigLocator.locate(args);
            overrides = ArgumentOverrides.parse(args);
            config = overrides.apply(initialConfig(locator, text, unreadable));
            startup.configured(config);
            engine = new Engine(config, Stores.open(config.redis()));
            micrometer = MicrometerMeters.start(engine); // before any gate: it must hear of every loader
            engine.start();
            // handed out before the store's first read ends: calls wait for that read themselves, boundedly
            Bridge.install(engine);
        } catch (Throwable t) {
            startup.failed(); // first: after an OutOfMemoryError, even the message below may fail
            Log.error("the agent could not start; every gated method runs its skip fallback and the API answers as if"
                    + " no agent were attached: " + t);
            return;
        }
        startup.ready(engine);
        try {
            Heartbeat heartbeat = null;
            if (overrides.forTests()) {
                engine.recordNothing(); // a test JVM's changes are undone after each test: nothing of them stays in Redis
            } else {
                heartbeat = Heartbeat.start(engine, VERSION);
            }
            closeOnExit(engine, heartbeat);
            if (attached) {
                LoadedClasses.retransform(inst);
            }
            Reconfiguration reconfiguration = new Reconfiguration(engine, overrides);
            OperatorViews views = new OperatorViews(engine, heartbeat);
            JmxRegistration.start(engine, reconfiguration, views);
            AdminServer admin = AdminServer.start(engine, views);
            ConfigWatcher watcher = new ConfigWatcher(locator.path(), text[0], new Consumer<Config>() {
                @Override
                public void accept(Config next) {
                    reconfiguration.apply(next);
                    admin.reconfigure();
                    micrometer.reconfigure();
                }
            }).readOnlyIf(new BooleanSupplier() {
                @Override
                public boolean getAsBoolean() {
                    return locator.trusted();
                }
            });
            if (unreadable[0] != null) {
                watcher.unreadableAtStart(unreadable[0]);
            }
            watcher.start();
            transformer.warmUp();
            // only for the line below, which reports start-up up to the end of the first read; no call waits for this
            if (!engine.awaitFirstRead(FIRST_READ_WAIT_MS)) {
                Log.debug("the first read of " + engine.store().describe() + " takes longer than " + FIRST_READ_WAIT_MS
                        + " ms");
            }
            Log.debug("started in " + (System.nanoTime() - started) / 1_000_000 + " ms with " + config.source() + ", "
                    + config.flags().size() + " flags, " + engine.store().describe());
        } catch (Throwable t) {
            Log.error("the agent started only in part: " + t);
        }
    }

    /**
     * Deletes the heartbeat and closes the store when the JVM exits. The change feed's thread blocks in a socket read, and a
     * JVM waits about 300 ms at exit for threads that are in native code; closing the socket first
     * lets the application exit as fast as it would without the agent. Gated calls made by other
     * shutdown hooks still work: they read the last snapshots, which stay in force.
     */
    private static void closeOnExit(Engine engine, Heartbeat heartbeat) {
        Thread hook = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    if (heartbeat != null) {
                        heartbeat.stop(); // first: a clean shutdown leaves the fleet at once, not when the heartbeat expires
                    }
                    engine.close();
                } catch (Throwable t) {
                    // the JVM is exiting; nothing to report to
                }
            }
        }, "pancake-exit");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException | SecurityException e) {
            // already exiting, or not allowed: the JVM just exits a little later
        }
    }

    private static Config initialConfig(ConfigLocator locator, String[] text, ConfigException[] unreadable) {
        if (!locator.trusted()) {
            return Config.empty(locator.path().toString());
        }
        try {
            text[0] = ConfigFile.read(locator.path());
            return ConfigParser.parse(text[0], locator.path().toString());
        } catch (NoSuchFileException e) {
            if (locator.explicit()) {
                Log.error(locator.path() + " (named by " + locator.origin() + ") does not exist; running without"
                        + " flags until it appears");
            } else {
                Log.debug("no pancake.yml in the working directory; in-memory store, no declared flags");
            }
        } catch (ConfigException e) {
            if (text[0] == null) {
                unreadable[0] = e;
            }
            for (ConfigException.Problem p : e.problems()) {
                Log.error(p + "; running without flags until it is fixed");
            }
        }
        return Config.empty(locator.path().toString());
    }

    private static String version() {
        String v = Agent.class.getPackage() == null ? null : Agent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
