package dev.pancake.bench.gated;

import dev.pancake.Toggle;

/**
 * The benchmarked application code: one method without a gate, and twins of it with the same body, each gated by a
 * flag of hotpath.yml. Every body does the same tiny amount of work, so a gated call minus {@link #plain} is what the
 * gate costs.
 */
public class Shop {

    /** The ungated twin. */
    public int plain(int x) {
        return x + 1;
    }

    /** BENCH_SWITCH is on: the body runs. */
    @Toggle(name = "BENCH_SWITCH")
    public int switchOn(int x) {
        return x + 1;
    }

    /** BENCH_SWITCH_OFF is off: the fallback ({@code skip}: 0) runs. */
    @Toggle(name = "BENCH_SWITCH_OFF")
    public int switchOff(int x) {
        return x + 1;
    }

    /** BENCH_FLAG is on globally and has no override at all. */
    @Toggle(name = "BENCH_FLAG", type = Toggle.Type.FLAG)
    public int flagNoOverrides(int x) {
        return x + 1;
    }

    /** BENCH_FLAG_OTHER is on globally and has an override for another user: the current user's id is looked up and missed. */
    @Toggle(name = "BENCH_FLAG_OTHER", type = Toggle.Type.FLAG)
    public int flagOtherUserOverridden(int x) {
        return x + 1;
    }

    /** BENCH_FLAG_USER is off globally and on for the current user by an override. */
    @Toggle(name = "BENCH_FLAG_USER", type = Toggle.Type.FLAG)
    public int flagUserOverridden(int x) {
        return x + 1;
    }

    /** BENCH_SAMPLE is at 50 %: half the calls run the body, half the fallback (0). */
    @Toggle(name = "BENCH_SAMPLE", type = Toggle.Type.SAMPLE)
    public int sample(int x) {
        return x + 1;
    }
}
