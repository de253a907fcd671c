package dev.pancake.bench.peers;

/** What every peer benchmark shares: the user, and a check that the setup answers before it is timed. */
final class PeerChecks {

    static final String USER = "user-42";

    private PeerChecks() {}

    static void expect(String what, boolean actual, boolean expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + " answered " + actual + ", expected " + expected
                    + ": the peer is not set up as the benchmark assumes");
        }
    }
}
