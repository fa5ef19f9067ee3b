package dev.quartermaster.engine;

import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * A sorted set that keeps its first element at hand. Parked work asks every team's first workload of a shape each
 * cycle, far more often than the set changes; a tree walks down to its first element on every ask. Only
 * {@code add}, {@code remove}, {@code pollFirst} and {@code first} keep the cache: change it through those alone.
 */
final class HeadedSet<E> extends TreeSet<E> {

    private transient E first;

    HeadedSet(Comparator<? super E> order) {
        super(order);
    }

    @Override
    public boolean add(E e) {
        boolean added = super.add(e);
        if (added && (first == null || comparator().compare(e, first) < 0)) {
            first = e;
        }
        return added;
    }

    @Override
    public boolean remove(Object o) {
        boolean removed = super.remove(o);
        if (removed && o == first) {
            first = isEmpty() ? null : super.first();
        }
        return removed;
    }

    @Override
    public E pollFirst() {
        E e = super.pollFirst();
        first = isEmpty() ? null : super.first();
        return e;
    }

    /** The first element, or null when empty. */
    E head() {
        return first;
    }

    @Override
    public E first() {
        if (first == null) {
            throw new NoSuchElementException();
        }
        return first;
    }
}
