package dev.pancake.agent.engine;

/**
 * A sticky sample's draw: a stable point in [0, 100) for (flag name, id), so one id always gets
 * the same answer for a given percentage, and raising the percentage only ever adds ids. The flag
 * name is part of the hash so that different samples do not pick the same users first.
 *
 * <p>FNV-1a over the UTF-16 code units of name, a separator and id, finished with MurmurHash3's
 * fmix64 for avalanche; fixed here, so the answer is the same on every JVM and version.
 */
public final class StickyHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private StickyHash() {}

    public static double percentile(String name, String id) {
        long h = FNV_OFFSET;
        for (int i = 0, n = name.length(); i < n; i++) {
            h = (h ^ name.charAt(i)) * FNV_PRIME;
        }
        h = (h ^ 0xFFFF) * FNV_PRIME;
        for (int i = 0, n = id.length(); i < n; i++) {
            h = (h ^ id.charAt(i)) * FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53 * 100.0;
    }
}
