package dev.quartermaster.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The running jobs of one pool that have a known end, walked soonest first (backfill's reservation looks for the
 * moment enough of them have ended). Jobs start and end far more often than a reservation is sought, so they are kept
 * in buckets of about an hour of expected end, each sorted only when a walk reaches it: adding is an append, removing
 * a scan of one bucket.
 */
final class Endings implements Iterable<Job> {

    /** A bucket spans 2^22 ms, about 70 minutes. */
    private static final int BUCKET_SHIFT = 22;
    private static final Comparator<Job> SOONEST = Comparator.<Job>comparingLong(j -> j.expectedEndMillis)
            .thenComparingLong(j -> j.arrival);

    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private int size;

    private static final class Bucket {
        final List<Job> jobs = new ArrayList<>();
        boolean sorted = true;
        /** The GPUs its jobs hold in the pool, in all and per block. */
        long gpus;
        long[] byBlock = new long[0];

        void count(int[] gpusByBlock, int sign) {
            if (byBlock.length < gpusByBlock.length) {
                byBlock = java.util.Arrays.copyOf(byBlock, gpusByBlock.length);
            }
            for (int b = 0; b < gpusByBlock.length; b++) {
                byBlock[b] += sign * gpusByBlock[b];
                gpus += sign * gpusByBlock[b];
            }
        }
    }

    /** Adds a running job that holds {@code gpusByBlock[b]} GPUs in block b of the pool. */
    void add(Job job, int[] gpusByBlock) {
        Bucket bucket = buckets.computeIfAbsent(job.expectedEndMillis >> BUCKET_SHIFT, k -> new Bucket());
        bucket.jobs.add(job);
        bucket.sorted = bucket.jobs.size() == 1;
        bucket.count(gpusByBlock, 1);
        size++;
    }

    /**
     * The earliest moment (epoch ms) by which the jobs that have ended could have given back {@code gpus} GPUs, or
     * sooner: the start of the bucket in which their GPUs add up to that many. Long.MIN_VALUE when none are needed,
     * Long.MAX_VALUE when all of them hold fewer.
     */
    long earliestFreeing(long gpus) {
        if (gpus <= 0) {
            return Long.MIN_VALUE;
        }
        long freed = 0;
        for (var entry : buckets.entrySet()) {
            freed += entry.getValue().gpus;
            if (freed >= gpus) {
                return entry.getKey() << BUCKET_SHIFT;
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * {@link #earliestFreeing} for a gang that must fit in one block: the earliest moment by which the jobs that have
     * ended could have given back, in one block b with {@code mayHold[b]}, the GPUs the gang lacks there
     * ({@code gangGpus - freeByBlock[b]}). Long.MAX_VALUE when no such block ever has enough.
     */
    long earliestFreeingInABlock(long gangGpus, long[] freeByBlock, boolean[] mayHold) {
        long[] freed = new long[freeByBlock.length];
        for (int b = 0; b < freeByBlock.length; b++) {
            if (mayHold[b] && freeByBlock[b] >= gangGpus) {
                return Long.MIN_VALUE;
            }
        }
        for (var entry : buckets.entrySet()) {
            long[] byBlock = entry.getValue().byBlock;
            for (int b = 0; b < Math.min(byBlock.length, freed.length); b++) {
                freed[b] += byBlock[b];
                if (mayHold[b] && freeByBlock[b] + freed[b] >= gangGpus) {
                    return entry.getKey() << BUCKET_SHIFT;
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Takes out a job that holds {@code gpusByBlock[b]} GPUs in block b of the pool (as when added); false when it was
     * not here. Its expected end must be the one it was added with.
     */
    boolean remove(Job job, int[] gpusByBlock) {
        long key = job.expectedEndMillis >> BUCKET_SHIFT;
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return false;
        }
        List<Job> jobs = bucket.jobs;
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i) == job) {
                jobs.remove(i);
                bucket.count(gpusByBlock, -1);
                size--;
                if (jobs.isEmpty()) {
                    buckets.remove(key);
                }
                return true;
            }
        }
        return false;
    }

    int size() {
        return size;
    }

    /** Soonest end first, then arrival. Do not change the set while walking it. */
    @Override
    public Iterator<Job> iterator() {
        Iterator<Bucket> bucketIterator = buckets.values().iterator();
        return new Iterator<>() {
            private List<Job> current = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= current.size() && bucketIterator.hasNext()) {
                    Bucket bucket = bucketIterator.next();
                    if (!bucket.sorted) {
                        bucket.jobs.sort(SOONEST);
                        bucket.sorted = true;
                    }
                    current = bucket.jobs;
                    next = 0;
                }
                return next < current.size();
            }

            @Override
            public Job next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.get(next++);
            }
        };
    }
}
