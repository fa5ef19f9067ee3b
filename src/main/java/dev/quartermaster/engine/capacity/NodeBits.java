package dev.quartermaster.engine.capacity;

import java.util.Arrays;

/**
 * A set of node numbers as bits: what {@link java.util.BitSet} does for the free-capacity indexes, without the
 * bookkeeping of the highest word in use that BitSet redoes on every clear (a node changes level on every placement).
 */
final class NodeBits {

    private long[] words = new long[1];

    void set(int node) {
        int w = node >>> 6;
        if (w >= words.length) {
            words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
        }
        words[w] |= 1L << node;
    }

    void clear(int node) {
        int w = node >>> 6;
        if (w < words.length) {
            words[w] &= ~(1L << node);
        }
    }

    /** The lowest node in the set, or -1 when it is empty. */
    int first() {
        for (int w = 0; w < words.length; w++) {
            if (words[w] != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(words[w]);
            }
        }
        return -1;
    }
}
