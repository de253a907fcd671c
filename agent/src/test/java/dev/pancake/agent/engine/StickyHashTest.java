package dev.pancake.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sticky sample's draw: fixed, uniform, and independent between flags. */
class StickyHashTest {

    private static final int IDS = 100_000;

    @Test
    void theDrawIsFixedSoEveryJvmAndVersionGivesAnIdTheSameAnswer() {
        // Pinned values: changing the hash would move users in and out of every running sticky sample.
        assertEquals(86.75787222327247, StickyHash.percentile("RECOMMENDATIONS", "42"));
        assertEquals(83.27155321901671, StickyHash.percentile("RECOMMENDATIONS", "43"));
        assertEquals(55.021009245962425, StickyHash.percentile("NEW_CHECKOUT", "42"));
        assertEquals(93.10171098370886, StickyHash.percentile("A", ""));
        assertEquals(98.57529724243334, StickyHash.percentile("BETA", "ünïcode"));
    }

    @Test
    void drawsAreInZeroToOneHundred() {
        for (int i = 0; i < IDS; i++) {
            double d = StickyHash.percentile("RECOMMENDATIONS", Integer.toString(i));
            assertTrue(d >= 0 && d < 100, "draw " + d);
        }
    }

    @Test
    void drawsAreUniformOverOneHundredBuckets() {
        int[] buckets = new int[100];
        for (int i = 0; i < IDS; i++) {
            buckets[(int) StickyHash.percentile("RECOMMENDATIONS", "user-" + i)]++;
        }
        double expected = IDS / 100.0;
        double chiSquare = 0;
        for (int b : buckets) {
            chiSquare += (b - expected) * (b - expected) / expected;
        }
        // 99 degrees of freedom: 148.2 is the 0.1 % critical value
        assertTrue(chiSquare < 148.2, "chi-square " + chiSquare);
    }

    @Test
    void sequentialNumericIdsSpreadEvenlyToo() {
        // ids 0..999 are the kind a database hands out; the first 10 % must not be the first 100 ids
        int active = 0;
        int lowIdsActive = 0;
        for (int i = 0; i < 10_000; i++) {
            if (StickyHash.percentile("NEW_CHECKOUT", Integer.toString(i)) < 10) {
                active++;
                if (i < 1_000) {
                    lowIdsActive++;
                }
            }
        }
        assertTrue(active > 900 && active < 1_100, "active " + active);
        assertTrue(lowIdsActive > 60 && lowIdsActive < 140, "active among the first 1000 ids: " + lowIdsActive);
    }

    @Test
    void differentFlagsPickDifferentUsersFirst() {
        int both = 0;
        for (int i = 0; i < IDS; i++) {
            String id = Integer.toString(i);
            if (StickyHash.percentile("A", id) < 10 && StickyHash.percentile("B", id) < 10) {
                both++;
            }
        }
        // independent draws: about 1 % of ids are in both 10 % samples (10 % if the hash ignored the flag)
        assertTrue(both > 800 && both < 1_200, "in both samples: " + both);
    }

    @Test
    void raisingThePercentageOnlyAddsIds() {
        double[] steps = {0, 1, 5, 10, 25, 33.3, 50, 75, 99.9, 100};
        boolean[] before = new boolean[10_000];
        for (double p : steps) {
            int count = 0;
            for (int i = 0; i < before.length; i++) {
                boolean now = StickyHash.percentile("RECOMMENDATIONS", Integer.toString(i)) < p;
                assertTrue(now || !before[i], "id " + i + " left the sample when it grew to " + p + " %");
                before[i] = now;
                count += now ? 1 : 0;
            }
            assertEquals(p, count * 100.0 / before.length, 2.0, "share of ids at " + p + " %");
        }
    }
}
