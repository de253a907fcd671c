package dev.pancake.agent.engine;

/**
 * Counts of a flag's evaluations: active, inactive, fallback, error.
 *
 * <p>On the hot path, so no atomics: an atomic add costs as much as the whole gated call. Each
 * thread increments a plain cell in its own stripe (picked by thread id; stripes are 128 bytes
 * apart so threads do not share cache lines). Two threads only race when their ids collide on a
 * stripe; then an increment can be lost, which is acceptable for monitoring counts.
 */
public final class Counters {

    public static final int ACTIVE = 0;
    public static final int INACTIVE = 1;
    public static final int FALLBACK = 2;
    public static final int ERROR = 3;

    private static final int STRIPES = stripes();
    private static final int SHIFT = 4; // 16 longs = 128 bytes per stripe
    private static final int MASK = STRIPES - 1;

    /**
     * Stripe 0 is never written: it shares a cache line with the array's header, whose length
     * every call reads for its bounds check, so a thread counting there would slow all the others.
     */
    private final long[] cells = new long[(STRIPES + 1) << SHIFT];

    private static int stripes() {
        int wanted = Math.max(8, Runtime.getRuntime().availableProcessors() * 4);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    @SuppressWarnings("deprecation") // Thread.getId(): threadId() needs Java 19
    public void add(int kind) {
        cells[stripe(Thread.currentThread().getId()) + kind]++;
    }

    /** The first cell of the thread's stripe: 1 to STRIPES (see {@link #cells}). */
    private static int stripe(long threadId) {
        return (((int) threadId & MASK) + 1) << SHIFT;
    }

    /** Counts one evaluation as active or inactive. */
    public void count(boolean active) {
        add(active ? ACTIVE : INACTIVE);
    }

    public long get(int kind) {
        long sum = 0;
        for (int s = 1; s <= STRIPES; s++) {
            sum += cells[(s << SHIFT) + kind];
        }
        return sum;
    }

    public void reset() {
        java.util.Arrays.fill(cells, 0);
    }
}
