package dev.quartermaster.engine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The running jobs of one pool that have a known end, walked soonest first (backfill's reservation looks for the
 * moment enough of them have ended). Jobs start and end far more often than a reservation is sought, so they are kept
 * in buckets of about an hour of expected end. A bucket keeps its jobs in order by their keys (expected end, then
 * arrival), held beside them in primitive arrays: adding and removing find the place by binary search over the keys
 * and shift the rest, and neither they nor a walk read a job to order it. The buckets themselves are few (a pool's work
 * ends within hours) and kept the same way: their keys in a sorted primitive array beside them, not a tree of boxed
 * keys, whose every comparison would read a key object allocated when its bucket was.
 */
final class Endings implements Iterable<Job> {

    /** A bucket spans 2^22 ms, about 70 minutes. */
    private static final int BUCKET_SHIFT = 22;

    /** Bucket i holds the jobs whose expected end shifted right by {@link #BUCKET_SHIFT} is {@code keys[i]}, ascending. */
    private long[] keys = new long[4];
    private Bucket[] buckets = new Bucket[4];
    private int bucketCount;
    private int size;

    private static final class Bucket {
        Job[] jobs = new Job[4];
        /** Job i's expected end (epoch ms) and arrival: its key, in increasing order over i. */
        long[] ends = new long[4];
        long[] arrivals = new long[4];
        int size;
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

        /** Where a job of this key is, or (-(insertion point) - 1) when none is. */
        int find(long end, long arrival) {
            int low = 0;
            int high = size - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int c = ends[mid] != end ? Long.compare(ends[mid], end) : Long.compare(arrivals[mid], arrival);
                if (c < 0) {
                    low = mid + 1;
                } else if (c > 0) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(low + 1);
        }

        void insert(int at, Job job) {
            if (size == jobs.length) {
                jobs = Arrays.copyOf(jobs, 2 * size);
                ends = Arrays.copyOf(ends, 2 * size);
                arrivals = Arrays.copyOf(arrivals, 2 * size);
            }
            System.arraycopy(jobs, at, jobs, at + 1, size - at);
            System.arraycopy(ends, at, ends, at + 1, size - at);
            System.arraycopy(arrivals, at, arrivals, at + 1, size - at);
            jobs[at] = job;
            ends[at] = job.expectedEndMillis;
            arrivals[at] = job.arrival;
            size++;
        }

        void delete(int at) {
            size--;
            System.arraycopy(jobs, at + 1, jobs, at, size - at);
            System.arraycopy(ends, at + 1, ends, at, size - at);
            System.arraycopy(arrivals, at + 1, arrivals, at, size - at);
            jobs[size] = null;
        }
    }

    /** Adds a running job that holds {@code gpusByBlock[b]} GPUs in block b of the pool. */
    void add(Job job, int[] gpusByBlock) {
        Bucket bucket = bucketFor(job.expectedEndMillis >> BUCKET_SHIFT);
        int at = bucket.find(job.expectedEndMillis, job.arrival);
        if (at >= 0) {
            throw new IllegalStateException(job + " ends here already, or a job of the same arrival does");
        }
        bucket.insert(-at - 1, job);
        bucket.count(gpusByBlock, 1);
        size++;
    }

    /** The bucket of {@code key}, made and put in its place among the others when there is none. */
    private Bucket bucketFor(long key) {
        int b = Arrays.binarySearch(keys, 0, bucketCount, key);
        if (b >= 0) {
            return buckets[b];
        }
        b = -b - 1;
        if (bucketCount == keys.length) {
            keys = Arrays.copyOf(keys, 2 * bucketCount);
            buckets = Arrays.copyOf(buckets, 2 * bucketCount);
        }
        System.arraycopy(keys, b, keys, b + 1, bucketCount - b);
        System.arraycopy(buckets, b, buckets, b + 1, bucketCount - b);
        keys[b] = key;
        buckets[b] = new Bucket();
        bucketCount++;
        return buckets[b];
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
        for (int i = 0; i < bucketCount; i++) {
            freed += buckets[i].gpus;
            if (freed >= gpus) {
                return keys[i] << BUCKET_SHIFT;
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
        for (int i = 0; i < bucketCount; i++) {
            long[] byBlock = buckets[i].byBlock;
            for (int b = 0; b < Math.min(byBlock.length, freed.length); b++) {
                freed[b] += byBlock[b];
                if (mayHold[b] && freeByBlock[b] + freed[b] >= gangGpus) {
                    return keys[i] << BUCKET_SHIFT;
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
        int b = Arrays.binarySearch(keys, 0, bucketCount, job.expectedEndMillis >> BUCKET_SHIFT);
        if (b < 0) {
            return false;
        }
        Bucket bucket = buckets[b];
        int at = bucket.find(job.expectedEndMillis, job.arrival);
        if (at < 0 || bucket.jobs[at] != job) {
            return false;
        }
        bucket.delete(at);
        bucket.count(gpusByBlock, -1);
        size--;
        if (bucket.size == 0) {
            bucketCount--;
            System.arraycopy(keys, b + 1, keys, b, bucketCount - b);
            System.arraycopy(buckets, b + 1, buckets, b, bucketCount - b);
            buckets[bucketCount] = null;
        }
        return true;
    }

    int size() {
        return size;
    }

    /** Soonest end first, then arrival. Do not change the set while walking it. */
    @Override
    public Iterator<Job> iterator() {
        return new Iterator<>() {
            private int bucket = -1;
            private Bucket current;
            private int next;

            @Override
            public boolean hasNext() {
                while ((current == null || next >= current.size) && bucket + 1 < bucketCount) {
                    current = buckets[++bucket];
                    next = 0;
                }
                return current != null && next < current.size;
            }

            @Override
            public Job next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.jobs[next++];
            }
        };
    }
}
