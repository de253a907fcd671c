package dev.pancake.agent.config;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where pancake.yml is: the agent argument {@code config=PATH}, else the system property
 * {@code pancake.config}, else the environment variable {@code PANCAKE_CONFIG}, else
 * {@code ./pancake.yml}.
 *
 * @param path     the file to read (it may not exist)
 * @param origin   what named it, for messages
 * @param explicit whether the user named it (a missing explicit file is an error; a missing
 *                 ./pancake.yml just means no flags)
 */
public record ConfigLocator(Path path, String origin, boolean explicit) {

    public static ConfigLocator locate(String agentArgs) {
        String fromArgs = AgentArgs.parse(agentArgs).get("config");
        if (fromArgs != null && !fromArgs.isBlank()) {
            return new ConfigLocator(Paths.get(fromArgs), "the agent argument config=", true);
        }
        String property = System.getProperty("pancake.config");
        if (property != null && !property.isBlank()) {
            return new ConfigLocator(Paths.get(property), "-Dpancake.config", true);
        }
        String env = System.getenv("PANCAKE_CONFIG");
        if (env != null && !env.isBlank()) {
            return new ConfigLocator(Paths.get(env), "PANCAKE_CONFIG", true);
        }
        return new ConfigLocator(Paths.get("pancake.yml"), "the working directory", false);
    }

    /** A file named by the CLI's --config. */
    public static ConfigLocator of(String path, String origin) {
        return new ConfigLocator(Paths.get(path), origin, true);
    }
}
