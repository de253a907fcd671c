package dev.pancake.agent.admin.cli;

import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.ConfigException;
import dev.pancake.agent.config.ConfigFile;
import dev.pancake.agent.config.ConfigLocator;

/**
 * The pancake.yml the CLI works with: {@code --config FILE}, else the agent's lookup
 * ({@code -Dpancake.config}, {@code PANCAKE_CONFIG}, {@code ./pancake.yml}). Unlike the agent,
 * which runs on without a usable file, the CLI refuses: without the file it knows no flags, and
 * without {@code redis:} the flags live in each application's memory, out of its reach.
 */
public final class CliConfig {

    private CliConfig() {}

    /**
     * @param option the {@code --config} argument, or null
     * @throws UsageException when the file is missing, invalid (one line per problem) or has no redis:
     */
    public static Config load(String option) throws UsageException {
        ConfigLocator locator = option != null ? ConfigLocator.of(option, "--config") : ConfigLocator.locate(null);
        String distrust = locator.distrust();
        if (distrust != null) {
            throw new UsageException(distrust);
        }
        Config config;
        try {
            config = ConfigFile.load(locator.path());
        } catch (NoSuchFileException e) {
            if (locator.explicit()) {
                throw new UsageException(locator.path() + " (named by " + locator.origin() + ") does not exist");
            }
            throw new UsageException("no pancake.yml in " + Paths.get("").toAbsolutePath()
                    + "; name one with --config FILE, -Dpancake.config=FILE or PANCAKE_CONFIG=FILE");
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        if (config.redis() == null) {
            throw new UsageException(config.source() + " has no redis: section (or an empty redis.url), so flags live"
                    + " in the in-memory store inside each application, out of the CLI's reach; the CLI needs redis:"
                    + " in pancake.yml (for in-memory flags use JMX or the admin page)");
        }
        return config;
    }
}
