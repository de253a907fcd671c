package dev.pancake.junit;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;

/**
 * The Pancake agent running in this JVM, reached through its MBean {@code dev.pancake:type=Pancake},
 * the same interface JConsole uses: the extension needs no API of the agent beyond it.
 */
final class RunningAgent {

    static final String OBJECT_NAME = "dev.pancake:type=Pancake";
    private static final String[] ONE = {String.class.getName()};
    private static final String[] TWO = {String.class.getName(), String.class.getName()};
    private static final String[] THREE = {String.class.getName(), String.class.getName(), String.class.getName()};

    private final MBeanServer server;
    private final ObjectName name;

    private RunningAgent(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Waits until the agent has registered its MBean: it does so once the platform MBean server
     * exists, which this call creates, and once it has started (after a dynamic attach, once it has
     * also instrumented the classes loaded before it).
     */
    static RunningAgent await(long timeoutMs) throws InterruptedException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name;
        try {
            name = new ObjectName(OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!server.isRegistered(name)) {
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            Thread.sleep(10); // a deadline loop's interval: JMX has no way to wait for a registration
        }
        return new RunningAgent(server, name);
    }

    /** Where the agent keeps flags, such as "in-memory store (this JVM only)" or "Redis redis://...". */
    String store() {
        return (String) attribute("Store");
    }

    /**
     * Whether the agent was started for tests ({@code store=memory}): then it never uses
     * pancake.yml's store, and can move its flags to a test Redis of its own and back.
     */
    boolean forTests() {
        return (Boolean) attribute("ForTests");
    }

    /**
     * Moves the flags to the Redis at {@code url} (under the agent's own test namespace), or back
     * to the in-memory store when {@code url} is null; returns where they are now.
     *
     * @throws IllegalStateException with the agent's message when that Redis cannot be used
     */
    String useTestRedis(String url) {
        try {
            return url == null ? (String) server.invoke(name, "useMemoryStore", new Object[0], new String[0])
                    : (String) server.invoke(name, "useTestRedis", new Object[] {url}, ONE);
        } catch (RuntimeMBeanException e) {
            throw new IllegalStateException(e.getTargetException().getMessage());
        } catch (JMException e) {
            throw new IllegalStateException("pancake-junit: cannot switch the agent's store: " + e);
        }
    }

    /** The pancake.yml it reads, as it was named. */
    String configFile() {
        return (String) attribute("ConfigFile");
    }

    /** Every declared flag and every flag gated code uses, with state and counts. */
    List<FlagRow> flags() {
        CompositeData[] rows = (CompositeData[]) attribute("Flags");
        List<FlagRow> out = new ArrayList<>(rows.length);
        for (CompositeData row : rows) {
            out.add(FlagRow.of(row));
        }
        return out;
    }

    /**
     * Runs one of the MBean's operations (enableSwitch, clearAllFlagGroup, setSample, ...).
     *
     * @throws IllegalArgumentException with the agent's message, for an undeclared flag, a flag of
     *                                  another type, an unknown group or a bad percentage
     */
    void command(String operation, String... args) {
        String[] signature = args.length == 1 ? ONE : args.length == 2 ? TWO : THREE;
        try {
            server.invoke(name, operation, args, signature);
        } catch (RuntimeMBeanException e) {
            RuntimeException cause = e.getTargetException();
            if (cause instanceof IllegalArgumentException) {
                throw new IllegalArgumentException(cause.getMessage());
            }
            throw new IllegalStateException("pancake-junit: " + operation + " failed: " + cause.getMessage());
        } catch (JMException e) {
            throw new IllegalStateException("pancake-junit: " + operation + " failed: " + e);
        }
    }

    private Object attribute(String attribute) {
        try {
            return server.getAttribute(name, attribute);
        } catch (JMException e) {
            throw new IllegalStateException("pancake-junit: cannot read " + attribute + " of " + OBJECT_NAME + ": " + e);
        }
    }

    /**
     * One flag as the MBean shows it.
     *
     * @param type     switch, flag or sample
     * @param stored   the value in the store, or null when absent (the default applies)
     * @param groups   the groups in which the flag has per-member overrides
     * @param active   evaluations that found the flag active (for a gated call: the body ran)
     * @param fallback fallbacks that ran
     */
    record FlagRow(String name, String type, boolean declared, String stored, List<String> groups, long active,
            long inactive, long fallback) {

        static FlagRow of(CompositeData row) {
            List<String> groups = new ArrayList<>();
            for (CompositeData o : (CompositeData[]) row.get("overrides")) {
                String group = (String) o.get("group");
                if (!groups.contains(group)) {
                    groups.add(group);
                }
            }
            return new FlagRow((String) row.get("name"), (String) row.get("type"), (Boolean) row.get("declared"),
                    (String) row.get("stored"), List.copyOf(groups), (Long) row.get("active"),
                    (Long) row.get("inactive"), (Long) row.get("fallback"));
        }

        /** Whether anything of it is in the store. */
        boolean changed() {
            return stored != null || !groups.isEmpty();
        }
    }
}
