package dev.pancake.bench.gated;

/**
 * Refuses to measure without a working agent: a benchmark that silently timed the ungated body would report a gate
 * that costs nothing.
 */
final class AgentCheck {

    private AgentCheck() {}

    static void requireAgent() {
        if (System.getProperty("pancake.agent.version") == null) {
            throw new IllegalStateException("these benchmarks need -javaagent:pancake-agent.jar with hotpath.yml;"
                    + " run them with bench/run.sh");
        }
    }

    /** Each gated method answers as hotpath.yml and the overrides set for {@code user} say it must. */
    static void requireGates(Shop shop, String user) {
        expect("switchOn", shop.switchOn(1), 2);
        expect("switchOff", shop.switchOff(1), 0);
        expect("flagNoOverrides", shop.flagNoOverrides(1), 2);
        expect("flagOtherUserOverridden", shop.flagOtherUserOverridden(1), 2);
        expect("flagUserOverridden (as " + user + ")", shop.flagUserOverridden(1), 2);
        int active = 0;
        for (int i = 0; i < 10_000; i++) {
            active += shop.sample(1) == 2 ? 1 : 0;
        }
        if (active < 4_000 || active > 6_000) {
            throw new IllegalStateException("sample at 50 % ran its body " + active + " times in 10,000 calls");
        }
    }

    private static void expect(String method, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("Shop#" + method + "(1) returned " + actual + ", expected " + expected
                    + ": the agent did not gate it as hotpath.yml says");
        }
    }
}
