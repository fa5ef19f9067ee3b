package dev.quartermaster.engine;

/**
 * The indexes 0 to n-1 in a binary min-heap under an order of indexes: read one at a time, smallest first, sorted only
 * as far as read. Building costs O(n), each read O(log n): a preemption search usually reads a few of its thousands of
 * candidates.
 */
final class IndexHeap {

    /** A strict order of indexes (ties broken, by index for instance, so that reads are deterministic). */
    @FunctionalInterface
    interface Order {
        boolean before(int a, int b);
    }

    private final int[] heap;
    private final Order order;
    private int size;

    IndexHeap(int n, Order order) {
        this.heap = new int[n];
        this.order = order;
        for (int i = 0; i < n; i++) {
            heap[i] = i;
        }
        size = n;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Takes the smallest index left. */
    int poll() {
        int first = heap[0];
        heap[0] = heap[--size];
        siftDown(0);
        return first;
    }

    private void siftDown(int i) {
        int moving = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && order.before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!order.before(heap[child], moving)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = moving;
    }
}
