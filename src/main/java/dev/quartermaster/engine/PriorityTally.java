package dev.quartermaster.engine;

import java.util.Arrays;

/**
 * Amounts by priority (GPUs of running work, parked workloads), for the handful of priorities work has: two sorted
 * arrays, no boxing, a priority gone once its amount is back to zero. Asked for often: the lowest or highest priority
 * present, and the total below a priority.
 */
final class PriorityTally {

    private int[] priorities = new int[4];
    private long[] amounts = new long[4];
    private int size;

    /** Adds {@code amount} (may be negative) to the priority's; a priority whose amount comes to zero is dropped. */
    void add(int priority, long amount) {
        int i = Arrays.binarySearch(priorities, 0, size, priority);
        if (i >= 0) {
            amounts[i] += amount;
            if (amounts[i] == 0) {
                System.arraycopy(priorities, i + 1, priorities, i, size - i - 1);
                System.arraycopy(amounts, i + 1, amounts, i, size - i - 1);
                size--;
            }
            return;
        }
        if (amount == 0) {
            return;
        }
        i = -i - 1;
        if (size == priorities.length) {
            priorities = Arrays.copyOf(priorities, 2 * size);
            amounts = Arrays.copyOf(amounts, 2 * size);
        }
        System.arraycopy(priorities, i, priorities, i + 1, size - i);
        System.arraycopy(amounts, i, amounts, i + 1, size - i);
        priorities[i] = priority;
        amounts[i] = amount;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The lowest priority present; only when not empty. */
    int lowest() {
        return priorities[0];
    }

    /** The highest priority present; only when not empty. */
    int highest() {
        return priorities[size - 1];
    }

    /** The sum of the amounts of priorities below {@code priority}. */
    long below(int priority) {
        long sum = 0;
        for (int i = 0; i < size && priorities[i] < priority; i++) {
            sum += amounts[i];
        }
        return sum;
    }
}
