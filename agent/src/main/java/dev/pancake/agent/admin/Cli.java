package dev.pancake.agent.admin;

import java.io.PrintStream;

import dev.pancake.agent.admin.cli.CliConfig;
import dev.pancake.agent.admin.cli.CommandSpec;
import dev.pancake.agent.admin.cli.HistoryCommand;
import dev.pancake.agent.admin.cli.FleetListCommand;
import dev.pancake.agent.admin.cli.InstancesCommand;
import dev.pancake.agent.admin.cli.StaleCommand;
import dev.pancake.agent.admin.cli.Help;
import dev.pancake.agent.admin.cli.Invocation;
import dev.pancake.agent.admin.cli.ListCommand;
import dev.pancake.agent.admin.cli.ListGroupCommand;
import dev.pancake.agent.admin.cli.UsageException;
import dev.pancake.agent.admin.cli.WriteCommand;
import dev.pancake.agent.config.Config;
import dev.pancake.agent.log.Secrets;
import dev.pancake.agent.store.RedisStore;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * {@code java -jar pancake-agent.jar [--config FILE] COMMAND ...}: flask-pancake's CLI (switches,
 * flags, samples; enable, disable, clear, set) on the same keys, with the pancake.yml the agent
 * reads. Results go to stdout; every error is one line on stderr, never a stack trace. Both are
 * scrubbed of passwords and tokens ({@link Secrets}).
 *
 * <p>Exit status: {@value #OK} done, {@value #UNREACHABLE} Redis could not be reached or refused
 * a command (or an internal error), {@value #USAGE} a usage error (command line, names, or a
 * pancake.yml that is missing, invalid, has no {@code redis:} or Redis settings that cannot work,
 * such as a redis.url that is not a URL).
 */
public final class Cli {

    public static final int OK = 0;
    public static final int UNREACHABLE = 1;
    public static final int USAGE = 2;

    private static final String PREFIX = "pancake: ";

    private Cli() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(args);
        } catch (UsageException e) {
            return fail(err, e.getMessage(), USAGE);
        }
        if (invocation.version()) {
            out.println("pancake-agent " + version());
            return OK;
        }
        if (invocation.help()) {
            out.print(Help.of(invocation));
            return OK;
        }
        if (invocation.command() == null) {
            err.print(Help.overview());
            return USAGE;
        }
        try {
            Config config = CliConfig.load(invocation.config());
            try (Store store = open(config)) {
                out.print(Secrets.scrub(execute(invocation, config, store)));
                return OK;
            }
        } catch (UsageException e) {
            return fail(err, e.getMessage(), USAGE);
        } catch (StoreException e) {
            return fail(err, e.getMessage(), UNREACHABLE);
        } catch (RuntimeException | LinkageError e) {
            // a bug, not a user error: still one line, with the way to get the stack trace
            if (Boolean.getBoolean("pancake.debug")) {
                e.printStackTrace(err);
            }
            return fail(err, "internal error: " + e
                    + " (run with -Dpancake.debug=true for the stack trace)", UNREACHABLE);
        }
    }

    /**
     * The store of pancake.yml's {@code redis:} section. Settings that cannot work (a redis.url that
     * is not a URL, a node that is not host:port, an unreadable redis.ca-cert) are the file's
     * mistake, a usage error, not an unreachable store; the agent, by contrast, runs on with a
     * store that is down and says why.
     */
    private static Store open(Config config) throws UsageException {
        try {
            return RedisStore.open(config.redis());
        } catch (IllegalArgumentException e) {
            throw new UsageException(config.source() + ": " + e.getMessage());
        }
    }

    private static String execute(Invocation invocation, Config config, Store store)
            throws UsageException, StoreException {
        String verb = invocation.command().verb();
        if (verb.equals("list")) {
            return invocation.option("--fleet", null) != null ? FleetListCommand.run(invocation, config, store)
                    : ListCommand.run(invocation, config, store);
        }
        if (verb.equals("list-group")) {
            return ListGroupCommand.run(invocation, config, store);
        }
        if (invocation.command() == CommandSpec.HISTORY) {
            return HistoryCommand.run(invocation, config, store);
        }
        if (invocation.command() == CommandSpec.INSTANCES) {
            return InstancesCommand.run(invocation, config, store);
        }
        if (invocation.command() == CommandSpec.STALE) {
            return StaleCommand.run(invocation, config, store);
        }
        return WriteCommand.run(invocation, config, store) + "\n";
    }

    private static int fail(PrintStream err, String message, int status) {
        for (String line : Secrets.scrub(String.valueOf(message)).split("\n")) {
            err.println(PREFIX + line);
        }
        return status;
    }

    private static String version() {
        Package p = Cli.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
