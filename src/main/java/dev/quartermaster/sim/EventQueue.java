package dev.quartermaster.sim;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * The simulation's pending happenings, earliest first and, at the same millisecond, in the order they were scheduled.
 * A binary heap over primitive arrays: each entry's time and sequence number side by side in one array (a comparison
 * reads one cache line, not two), so scheduling and popping an event allocates nothing (no entry object, no boxed key,
 * no {@link java.time.Instant}).
 *
 * @param <T> what happens
 */
final class EventQueue<T> {

    /** Entry i's time at {@code 2 * i}, its sequence number at {@code 2 * i + 1}. */
    private long[] keys = new long[2 * 1024];
    private Object[] what = new Object[1024];
    private int size;
    private long nextSeq;
    private long headAt;
    private long headSeq;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Schedules {@code happening} at {@code atMillis}, after everything already scheduled at the same millisecond;
     * returns the entry's sequence number, unique in this queue ({@link #polledSeq()} when it is taken out).
     */
    long add(long atMillis, T happening) {
        if (size == what.length) {
            keys = Arrays.copyOf(keys, 4 * size);
            what = Arrays.copyOf(what, 2 * size);
        }
        long s = nextSeq++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(atMillis, s, keys[2 * parent], keys[2 * parent + 1])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, atMillis, s, happening);
        return s;
    }

    /** Takes the earliest happening out and returns it; its time is then {@link #polledAt()}. */
    @SuppressWarnings("unchecked")
    T poll() {
        if (size == 0) {
            throw new NoSuchElementException("no happening is scheduled");
        }
        T head = (T) what[0];
        headAt = keys[0];
        headSeq = keys[1];
        int last = --size;
        long lastAt = keys[2 * last];
        long lastSeq = keys[2 * last + 1];
        Object lastWhat = what[last];
        what[last] = null;
        if (last > 0) {
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && before(keys[2 * right], keys[2 * right + 1], keys[2 * child], keys[2 * child + 1])) {
                    child = right;
                }
                if (!before(keys[2 * child], keys[2 * child + 1], lastAt, lastSeq)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            set(i, lastAt, lastSeq, lastWhat);
        }
        return head;
    }

    /** The time of the happening {@link #poll()} returned last. */
    long polledAt() {
        return headAt;
    }

    /** The sequence number of the happening {@link #poll()} returned last. */
    long polledSeq() {
        return headSeq;
    }

    private static boolean before(long atA, long seqA, long atB, long seqB) {
        return atA < atB || (atA == atB && seqA < seqB);
    }

    private void move(int from, int to) {
        keys[2 * to] = keys[2 * from];
        keys[2 * to + 1] = keys[2 * from + 1];
        what[to] = what[from];
    }

    private void set(int i, long atMillis, long s, Object happening) {
        keys[2 * i] = atMillis;
        keys[2 * i + 1] = s;
        what[i] = happening;
    }
}
