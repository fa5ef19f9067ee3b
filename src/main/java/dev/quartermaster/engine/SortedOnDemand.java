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
    /** Positions in {@code given} of the elements read so far, in sorted order. */
    private final int[] sorted;
    private int read;
    /** Positions of the unread elements, in the order (ties by position). */
    private final IndexHeap unread;

    SortedOnDemand(List<T> elements, Comparator<? super T> order) {
        this(elements, (IndexHeap.Order) (a, b) -> {
            int c = order.compare(elements.get(a), elements.get(b));
            return c < 0 || (c == 0 && a < b);
        });
    }

    /** The elements in an order of their positions (a strict one: ties broken). */
    SortedOnDemand(List<T> elements, IndexHeap.Order byPosition) {
        this.given = elements;
        this.sorted = new int[elements.size()];
        this.unread = new IndexHeap(elements.size(), byPosition);
    }

    @Override
    public T get(int index) {
        if (index < 0 || index >= sorted.length) {
            throw new IndexOutOfBoundsException(index);
        }
        while (read <= index) {
            sorted[read++] = unread.poll();
        }
        return given.get(sorted[index]);
    }

    @Override
    public int size() {
        return sorted.length;
    }
}
