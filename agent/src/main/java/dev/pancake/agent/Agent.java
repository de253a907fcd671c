package dev.pancake.agent;

import java.lang.instrument.Instrumentation;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

import dev.pancake.agent.admin.jmx.JmxRegistration;
import dev.pancake.agent.admin.web.AdminServer;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.ConfigException;
import dev.pancake.agent.config.ConfigFile;
import dev.pancake.agent.config.ConfigLocator;
import dev.pancake.agent.config.ConfigParser;
import dev.pancake.agent.config.ConfigWatcher;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.instrument.LoadedClasses;
import dev.pancake.agent.instrument.ToggleTransformer;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.Stores;
import dev.pancake.bridge.Bridge;

/**
 * Starts the agent inside the application's JVM: reads pancake.yml, opens the store (without
 * waiting for it), starts the engine, installs the instrumentation and watches the file.
 * Called by the launcher from {@code premain} or {@code agentmain}.
 */
public final class Agent {

    public static final String VERSION = version();

    private Agent() {}

    public static void start(Instrumentation inst, String args, boolean attached) {
        long started = System.nanoTime();
        ConfigLocator locator = ConfigLocator.locate(args);
        String[] text = new String[1];
        Config config = initialConfig(locator, text);
        Engine engine = new Engine(config, Stores.open(config.redis()));
        Bridge.install(engine);
        engine.start();
        inst.addTransformer(new ToggleTransformer(engine), true);
        if (attached) {
            LoadedClasses.retransform(inst);
        }
        JmxRegistration.start(inst, engine);
        AdminServer admin = AdminServer.start(engine);
        new ConfigWatcher(locator.path(), text[0], next -> { apply(engine, next); admin.reconfigure(); }).start();
        System.setProperty("pancake.agent.version", VERSION);
        Log.debug("started in " + (System.nanoTime() - started) / 1_000_000 + " ms with " + config.source() + ", "
                + config.flags().size() + " flags, " + engine.store().describe());
    }

    private static Config initialConfig(ConfigLocator locator, String[] text) {
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
            Log.error(locator.path() + " is not valid; running without flags until it is fixed:\n" + e.getMessage());
        }
        return Config.empty(locator.path().toString());
    }

    private static void apply(Engine engine, Config next) {
        Config current = engine.config();
        boolean newStore = !Objects.equals(current.redis(), next.redis());
        engine.reload(next, newStore ? Stores.open(next.redis()) : null);
    }

    private static String version() {
        String v = Agent.class.getPackage() == null ? null : Agent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
