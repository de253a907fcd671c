package dev.pancake.junit.scenarios;

import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.pancake.junit.OverrideSwitch;
import dev.pancake.junit.PancakeFlags;
import dev.pancake.junit.PancakeTest;

/**
 * Tests that try to meet each other while JUnit runs them in parallel: two that change flags
 * (they must not meet), and a plain test with one that changes flags (they should). Run by
 * ParallelTest, which reads {@link #outcomes}.
 */
public final class Parallel {

    /** How long the flag-changing pair waits for each other: a bounded observation window. */
    static final long APART_WINDOW_MS = 1_000;
    /** How long the plain pair may take to meet: a deadline. */
    static final long TOGETHER_DEADLINE_MS = 30_000;

    public static final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private static volatile CyclicBarrier flagChangers = new CyclicBarrier(2);
    private static volatile CyclicBarrier plainAndChanger = new CyclicBarrier(2);

    private Parallel() {}

    public static void reset() {
        outcomes.clear();
        flagChangers = new CyclicBarrier(2);
        plainAndChanger = new CyclicBarrier(2);
    }

    static String meet(CyclicBarrier barrier, long ms) throws InterruptedException {
        try {
            barrier.await(ms, TimeUnit.MILLISECONDS);
            return "met";
        } catch (TimeoutException | BrokenBarrierException e) {
            return "alone";
        }
    }

    @PancakeTest
    public static class ChangerA {
        @Test
        @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
        void test() throws InterruptedException {
            outcomes.put("A", meet(flagChangers, APART_WINDOW_MS));
        }
    }

    @PancakeTest
    public static class ChangerB {
        @Test
        void test(PancakeFlags flags) throws InterruptedException {
            flags.enableSwitch("NEW_CHECKOUT");
            outcomes.put("B", meet(flagChangers, APART_WINDOW_MS));
        }
    }

    @PancakeTest
    public static class ChangerC {
        @Test
        void test(PancakeFlags flags) throws InterruptedException {
            flags.disableSwitch("GIFT_CARDS");
            outcomes.put("C", meet(plainAndChanger, TOGETHER_DEADLINE_MS));
        }
    }

    public static class Plain {
        @Test
        void test() throws InterruptedException {
            outcomes.put("plain", meet(plainAndChanger, TOGETHER_DEADLINE_MS));
        }
    }
}
