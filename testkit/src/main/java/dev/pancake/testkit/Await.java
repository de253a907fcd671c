package dev.pancake.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, never for a fixed time: tests pass on busy machines too. */
public final class Await {

    /** How often the condition is checked. */
    private static final long POLL_MS = 10;

    private Await() {}

    /**
     * Returns once {@code condition} holds; fails with {@code what} when it still does not after
     * {@code timeout}.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}
