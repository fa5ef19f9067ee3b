package dev.quartermaster.engine;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A list in sorted order that sorts only as far as it is read: a heap holds the rest. Equal elements keep the order
 * they were given in, as a stable sort keeps them. Reading the first k of n elements costs O(n + k log n) instead of
 * O(n log n): a preemption search usually needs a few of its thousands of candidates.
 */
final class SortedOnDemand<T> extends AbstractList<T> {

    private record Entry<T>(T element, int given) {}

    private final PriorityQueue<Entry<T>> rest;
    private final List<T> sorted;
    private final int size;

    SortedOnDemand(List<T> elements, Comparator<? super T> order) {
        List<Entry<T>> entries = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            entries.add(new Entry<>(elements.get(i), i));
        }
        Comparator<Entry<T>> byOrder = (a, b) -> order.compare(a.element(), b.element());
        this.rest = new PriorityQueue<>(byOrder.thenComparingInt(Entry::given));
        this.rest.addAll(entries);
        this.sorted = new ArrayList<>();
        this.size = elements.size();
    }

    @Override
    public T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        while (sorted.size() <= index) {
            sorted.add(rest.poll().element());
        }
        return sorted.get(index);
    }

    @Override
    public int size() {
        return size;
    }
}
