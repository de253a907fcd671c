package dev.pancake.agent.admin.jmx;

import java.util.List;

/**
 * The management interface of {@code dev.pancake:type=Pancake}: every flag with its live counts,
 * and the operations of the command-line interface.
 *
 * <p>An MXBean, so that generic consoles (JConsole, VisualVM, jmxterm) read it with JDK types only
 * ({@code CompositeData}, arrays, strings, numbers): none of the agent's classes are needed on the
 * client. Operations answer one line saying what changed; a mistake (an unknown flag or group, a
 * verb the flag's type does not have, a bad percentage) throws {@link IllegalArgumentException},
 * an unreachable store {@link IllegalStateException}, each with one clear message.
 */
public interface PancakeMXBean {

    /** Every declared flag, and every flag that gated code uses, with its state and counts. */
    List<FlagView> getFlags();

    /** Where flags are stored (never with a password). */
    String getStore();

    /** False while the store cannot be reached (gated calls then use the last known values). */
    boolean isStoreReachable();

    /** Why the store cannot be reached, or null. */
    String getStoreProblem();

    /** The pancake.yml in use. */
    String getConfigFile();

    /** flask-pancake's extension name, the {@code {ns}} in every key. */
    String getNamespace();

    /**
     * True in a test JVM: its agent was started with {@code store=memory}, so it never uses the
     * store pancake.yml names, and its tests may move its flags to a Redis of their own.
     */
    boolean isForTests();

    /**
     * A test JVM only: keeps its flags in the Redis at {@code url} from now on, under a namespace
     * of this JVM's own ({@code pancake-test-...}), and returns once that Redis has been read.
     * Refused ({@link IllegalStateException}) in a JVM whose agent uses pancake.yml's store.
     */
    String useTestRedis(String url);

    /** A test JVM only: back to the in-memory store after {@link #useTestRedis}. */
    String useMemoryStore();

    /**
     * The CLI's {@code history [NAME] --limit N}: the newest changes first, of every flag when
     * {@code name} is empty; this JVM's own changes when Redis cannot be read.
     */
    String history(String name, int limit);

    /** The CLI's {@code instances}: the running agents of the namespace; this one alone when Redis cannot be read. */
    String instances();

    /** The CLI's {@code list --fleet}: each flag with the instances that use it and its last evaluation anywhere. */
    String listFleet();

    /** The CLI's {@code stale --days N}: flags to clean up, each with the command that removes its keys. */
    String stale(int days);

    /** NAME, TYPE, DEFAULT and CURRENT of every flag, one per line, like the CLI's {@code list}. */
    String list();

    /** {@code switches enable NAME}. */
    String enableSwitch(String name);

    /** {@code switches disable NAME}. */
    String disableSwitch(String name);

    /** {@code switches clear NAME}: back to the default. */
    String clearSwitch(String name);

    /** {@code flags enable NAME}. */
    String enableFlag(String name);

    /** {@code flags disable NAME}. */
    String disableFlag(String name);

    /** {@code flags clear NAME}: back to the default (overrides stay). */
    String clearFlag(String name);

    /** {@code flags enable-group NAME GROUP ID}. */
    String enableFlagGroup(String name, String group, String id);

    /** {@code flags disable-group NAME GROUP ID}. */
    String disableFlagGroup(String name, String group, String id);

    /** {@code flags clear-group NAME GROUP ID}. */
    String clearFlagGroup(String name, String group, String id);

    /** {@code flags clear-all-group NAME GROUP}. */
    String clearAllFlagGroup(String name, String group);

    /** {@code samples set NAME PERCENT}; the percentage is a decimal in 0..100 such as "42.5". */
    String setSample(String name, String percent);

    /** {@code samples clear NAME}: back to the default. */
    String clearSample(String name);
}
