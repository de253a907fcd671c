package dev.pancake.junit;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.pancake.junit.RunningAgent.FlagRow;

/**
 * Changes flags inside a test, and tells what the flags did during it. Declare it as a parameter
 * of a test method (or of a {@code @BeforeEach} or {@code @AfterEach} method):
 *
 * <pre>{@code
 * @Test
 * void legacyCheckoutRunsTheFallback(PancakeFlags flags) {
 *     flags.disableSwitch("NEW_CHECKOUT");
 *     assertEquals("legacy", shop.checkout());
 *     assertEquals(1, flags.fallbackRuns("NEW_CHECKOUT"));
 * }
 * }</pre>
 *
 * <p>Every change is undone after the test. Names are those declared in pancake.yml, in any case;
 * a name that is not declared, a flag of another type or an unknown group is refused with
 * {@link IllegalArgumentException}. The counts are those of this test alone: from the moment it
 * began (after its annotations' overrides were made) to the moment they are read.
 */
public final class PancakeFlags {

    private final RunningAgent agent;
    private final Map<String, long[]> atStart;

    PancakeFlags(RunningAgent agent) {
        this.agent = agent;
        this.atStart = counts(agent);
    }

    public void enableSwitch(String name) {
        command("enableSwitch", name);
    }

    public void disableSwitch(String name) {
        command("disableSwitch", name);
    }

    /** Back to the switch's default from pancake.yml. */
    public void clearSwitch(String name) {
        command("clearSwitch", name);
    }

    /** Turns a flag on globally (its per-member overrides still win). */
    public void enableFlag(String name) {
        command("enableFlag", name);
    }

    public void disableFlag(String name) {
        command("disableFlag", name);
    }

    /** Back to the flag's default from pancake.yml, globally; per-member overrides stay. */
    public void clearFlag(String name) {
        command("clearFlag", name);
    }

    /** Turns a flag on for one member of a group declared in pancake.yml, such as {@code ("BETA", "user", 42)}. */
    public void enableFlag(String name, String group, Object id) {
        command("enableFlagGroup", name, group, String.valueOf(Objects.requireNonNull(id, "id")));
    }

    public void disableFlag(String name, String group, Object id) {
        command("disableFlagGroup", name, group, String.valueOf(Objects.requireNonNull(id, "id")));
    }

    /** Removes one member's override. */
    public void clearFlag(String name, String group, Object id) {
        command("clearFlagGroup", name, group, String.valueOf(Objects.requireNonNull(id, "id")));
    }

    /** Sets a sample's percentage: 0 is never active, 100 always. */
    public void setSample(String name, double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("PancakeFlags.setSample(\"" + name + "\", " + percent
                    + "): percent must be between 0 and 100");
        }
        command("setSample", name, Double.toString(percent));
    }

    /** Back to the sample's default from pancake.yml. */
    public void clearSample(String name) {
        command("clearSample", name);
    }

    /** How often the flag was evaluated in this test: gated calls and {@code isActive()} calls. */
    public long evaluations(String name) {
        long[] c = since("evaluations", name);
        return c[0] + c[1];
    }

    /**
     * How often an evaluation found the flag active in this test: for a gated method, how often
     * its body ran (an {@code isActive()} call that answered true counts too).
     */
    public long bodyRuns(String name) {
        return since("bodyRuns", name)[0];
    }

    /** How often a gated method's fallback ran instead of its body in this test. */
    public long fallbackRuns(String name) {
        return since("fallbackRuns", name)[2];
    }

    private void command(String operation, String name, String... more) {
        Objects.requireNonNull(name, "name");
        String[] args = new String[more.length + 1];
        args[0] = name;
        System.arraycopy(more, 0, args, 1, more.length);
        try {
            agent.command(operation, args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PancakeFlags: " + e.getMessage() + Overrides.missingFileNote(agent));
        }
    }

    private long[] since(String method, String name) {
        String key = Objects.requireNonNull(name, "name").toUpperCase(Locale.ROOT);
        long[] now = counts(agent).get(key);
        if (now == null) {
            throw new IllegalArgumentException("PancakeFlags." + method + "(\"" + name + "\"): no flag " + key
                    + " is declared in " + agent.configFile() + " or used by gated code");
        }
        long[] before = atStart.getOrDefault(key, new long[3]);
        return new long[] {now[0] - before[0], now[1] - before[1], now[2] - before[2]};
    }

    /** Active, inactive and fallback counts by flag name (a name used with several types adds them up). */
    private static Map<String, long[]> counts(RunningAgent agent) {
        Map<String, long[]> out = new HashMap<>();
        for (FlagRow f : agent.flags()) {
            long[] c = out.computeIfAbsent(f.name(), k -> new long[3]);
            c[0] += f.active();
            c[1] += f.inactive();
            c[2] += f.fallback();
        }
        return out;
    }
}
