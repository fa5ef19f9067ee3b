package dev.quartermaster.sim;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * The simulation's pending happenings, earliest first and, at the same millisecond, in the order they were scheduled.
 * A binary heap over parallel arrays: the time and the sequence number are primitives, so scheduling and popping an
 * event allocates nothing (no entry object, no boxed key, no {@link java.time.Instant}).
 *
 * @param <T> what happens
 */
final class EventQueue<T> {

    private long[] at = new long[1024];
    private long[] seq = new long[1024];
    private Object[] what = new Object[1024];
    private int size;
    private long nextSeq;
    private long headAt;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Schedules {@code happening} at {@code atMillis}, after everything already scheduled at the same millisecond. */
    void add(long atMillis, T happening) {
        if (size == at.length) {
            int capacity = size * 2;
            at = Arrays.copyOf(at, capacity);
            seq = Arrays.copyOf(seq, capacity);
            what = Arrays.copyOf(what, capacity);
        }
        long s = nextSeq++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(atMillis, s, at[parent], seq[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, atMillis, s, happening);
    }

    /** Takes the earliest happening out and returns it; its time is then {@link #polledAt()}. */
    @SuppressWarnings("unchecked")
    T poll() {
        if (size == 0) {
            throw new NoSuchElementException("no happening is scheduled");
        }
        T head = (T) what[0];
        headAt = at[0];
        int last = --size;
        long lastAt = at[last];
        long lastSeq = seq[last];
        Object lastWhat = what[last];
        what[last] = null;
        if (last > 0) {
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && before(at[right], seq[right], at[child], seq[child])) {
                    child = right;
                }
                if (!before(at[child], seq[child], lastAt, lastSeq)) {
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

    private static boolean before(long atA, long seqA, long atB, long seqB) {
        return atA < atB || (atA == atB && seqA < seqB);
    }

    private void move(int from, int to) {
        at[to] = at[from];
        seq[to] = seq[from];
        what[to] = what[from];
    }

    private void set(int i, long atMillis, long s, Object happening) {
        at[i] = atMillis;
        seq[i] = s;
        what[i] = happening;
    }
}
