package dev.quartermaster.engine;

import java.util.AbstractList;
import java.util.Comparator;
import java.util.List;

/**
 * A list in sorted order that sorts only as far as it is read: a binary heap of the unread elements' positions holds
 * the rest. Equal elements keep the order they were given in, as a stable sort keeps them. Reading the first k of n
 * elements costs O(n + k log n) instead of O(n log n): a preemption search usually needs a few of its thousands of
 * candidates.
 */
final class SortedOnDemand<T> extends AbstractList<T> {

    private final List<T> given;
    private final Comparator<? super T> order;
    /** Positions in {@code given} of the elements read so far, in sorted order. */
    private final int[] sorted;
    private int read;
    /** Positions of the unread elements, a min-heap in the order (ties by position). */
    private final int[] heap;
    private int heapSize;

    SortedOnDemand(List<T> elements, Comparator<? super T> order) {
        this.given = elements;
        this.order = order;
        this.sorted = new int[elements.size()];
        this.heap = new int[elements.size()];
        this.heapSize = heap.length;
        for (int i = 0; i < heap.length; i++) {
            heap[i] = i;
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    @Override
    public T get(int index) {
        if (index < 0 || index >= sorted.length) {
            throw new IndexOutOfBoundsException(index);
        }
        while (read <= index) {
            sorted[read++] = heap[0];
            heap[0] = heap[--heapSize];
            siftDown(0);
        }
        return given.get(sorted[index]);
    }

    private void siftDown(int i) {
        int moving = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && less(heap[child + 1], heap[child])) {
                child++;
            }
            if (!less(heap[child], moving)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = moving;
    }

    private boolean less(int a, int b) {
        int c = order.compare(given.get(a), given.get(b));
        return c < 0 || (c == 0 && a < b);
    }

    @Override
    public int size() {
        return sorted.length;
    }
}
