package dev.pancake.agent.config;

import java.util.Map;

import dev.pancake.agent.log.Log;

/**
 * What the agent's arguments override in pancake.yml, for a JVM that must keep pancake.yml's
 * flags, groups and fallbacks but never reach what else it names, such as a test run:
 * {@code store=memory} uses the in-memory store whatever {@code redis:} says, and
 * {@code admin=off} keeps the admin page off whatever {@code admin:} says
 * ({@code -javaagent:pancake-agent.jar=store=memory,admin=off}). pancake-junit attaches the agent
 * with both. They apply to every reading of the file, reloads included.
 *
 * <p>{@code store=} has one value: any other is reported, and the in-memory store is used anyway,
 * since whoever wrote it did not want pancake.yml's store.
 */
public record ArgumentOverrides(boolean memoryStore, boolean adminOff) {

    public static ArgumentOverrides parse(String agentArgs) {
        Map<String, String> args = AgentArgs.parse(agentArgs);
        String store = args.get("store");
        if (store != null && !store.equals("memory")) {
            Log.error("agent argument store=" + store + ": expected store=memory; the in-memory store is used");
        }
        String admin = args.get("admin");
        if (admin != null && !admin.equals("off")) {
            Log.error("agent argument admin=" + admin + ": expected admin=off; the admin page stays off");
        }
        return new ArgumentOverrides(store != null, admin != null);
    }

    /** The configuration to run with: {@code config} less what the arguments switched off. */
    public Config apply(Config config) {
        if (!memoryStore && !adminOff) {
            return config;
        }
        return new Config(config.source(), config.namespace(), memoryStore ? null : config.redis(), config.groups(),
                config.flags(), adminOff ? null : config.admin());
    }
}
