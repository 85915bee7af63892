package punchline.server;

import java.security.SecureRandom;
import punchline.protocol.UserKey;

/**
 * Hands out user keys that are never reused while the server runs, without remembering them: a
 * counter is passed through a Feistel permutation of the 30-bit key space with per-run random round
 * keys, so consecutive users get unrelated-looking keys and no two get the same one until 2^30 joins.
 * Keys are public identifiers, not secrets; the permutation only scatters them.
 */
final class KeyAllocator {
    private static final int HALF_BITS = 15;
    private static final int HALF_MASK = (1 << HALF_BITS) - 1;
    private static final int ROUNDS = 4;

    private final int[] roundKeys = new int[ROUNDS];
    private long next;

    KeyAllocator() {
        this(new SecureRandom());
    }

    KeyAllocator(java.util.Random random) {
        for (int i = 0; i < ROUNDS; i++) {
            roundKeys[i] = random.nextInt();
        }
    }

    String nextKey() {
        if (next >= UserKey.SPACE) {
            throw new IllegalStateException("user key space exhausted; restart the server");
        }
        return UserKey.encode(permute(next++));
    }

    /**
     * The key of counter value {@code index}: a cluster's nodes share the counter (in Redis) and the
     * round keys (seeded alike), so keys stay unique across the cluster.
     */
    String keyAt(long index) {
        if (index < 0 || index >= UserKey.SPACE) {
            throw new IllegalStateException("user key space exhausted; restart the cluster");
        }
        return UserKey.encode(permute(index));
    }

    long permute(long value) {
        int left = (int) (value >>> HALF_BITS) & HALF_MASK;
        int right = (int) value & HALF_MASK;
        for (int roundKey : roundKeys) {
            int mixed = left ^ round(right, roundKey);
            left = right;
            right = mixed;
        }
        return ((long) left << HALF_BITS) | right;
    }

    private static int round(int half, int roundKey) {
        int x = half * 0x9E3779B1 + roundKey;
        x ^= x >>> 16;
        x *= 0x85EBCA6B;
        x ^= x >>> 13;
        return x & HALF_MASK;
    }
}
