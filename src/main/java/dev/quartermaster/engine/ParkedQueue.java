package dev.quartermaster.engine;

import java.util.Arrays;
import java.util.Comparator;

/**
 * One team's work parked for room under one shape, first in the team's order at hand: a binary heap in an array, each
 * job knowing its place ({@link Job#parkedAt}), so that parking, waking the first and taking one out (cancelled while
 * parked) cost a few steps along one path of a small array, not a walk down a tree of linked nodes. Work parked again
 * right after it woke (it found no room) goes back to the top; newly parked work, last in the order, mostly stays at
 * the bottom. A job is in one queue at most.
 */
final class ParkedQueue {

    private final Comparator<? super Job> order;
    private Job[] heap = new Job[8];
    private int size;

    ParkedQueue(Comparator<? super Job> order) {
        this.order = order;
    }

    int size() {
        return size;
    }

    /** The first job in the order, or null when none is parked. */
    Job head() {
        return size == 0 ? null : heap[0];
    }

    void add(Job job) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = job;
        job.parkedAt = size;
        up(size++);
    }

    /** Takes out and returns the first job, or null when none is parked. */
    Job pollFirst() {
        if (size == 0) {
            return null;
        }
        Job first = heap[0];
        removeAt(0);
        return first;
    }

    /** Takes a job out; false when it is not in this queue. */
    boolean remove(Job job) {
        int i = job.parkedAt;
        if (i < 0 || i >= size || heap[i] != job) {
            return false;
        }
        removeAt(i);
        return true;
    }

    private void removeAt(int i) {
        heap[i].parkedAt = -1;
        Job last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.parkedAt = i;
            if (!up(i)) {
                down(i);
            }
        }
    }

    /** Moves the job at {@code i} towards the top while it comes first; whether it moved. */
    private boolean up(int i) {
        Job job = heap[i];
        int start = i;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (order.compare(job, heap[parent]) >= 0) {
                break;
            }
            place(heap[parent], i);
            i = parent;
        }
        place(job, i);
        return i != start;
    }

    private void down(int i) {
        Job job = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && order.compare(heap[child + 1], heap[child]) < 0) {
                child++;
            }
            if (order.compare(heap[child], job) >= 0) {
                break;
            }
            place(heap[child], i);
            i = child;
        }
        place(job, i);
    }

    private void place(Job job, int i) {
        heap[i] = job;
        job.parkedAt = i;
    }
}
