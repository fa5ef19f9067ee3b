package dev.quartermaster.engine;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The running jobs in the order they started, as a LinkedHashSet would keep them, but linked through the jobs
 * themselves ({@link Job#runningBefore}, {@link Job#runningAfter}): adding and removing a job cost no hashing and no
 * allocation, where every start and every end of a run does one of each. A job is here at most once.
 */
final class RunningJobs implements Iterable<Job> {

    private Job first;
    private Job last;
    private int size;

    /** Adds a job at the end; false when it is here already. */
    boolean add(Job job) {
        if (job.runningListed) {
            return false;
        }
        job.runningListed = true;
        job.runningBefore = last;
        job.runningAfter = null;
        if (last == null) {
            first = job;
        } else {
            last.runningAfter = job;
        }
        last = job;
        size++;
        return true;
    }

    /** Takes a job out, the others keeping their order; false when it was not here. */
    boolean remove(Job job) {
        if (!job.runningListed) {
            return false;
        }
        if (job.runningBefore == null) {
            first = job.runningAfter;
        } else {
            job.runningBefore.runningAfter = job.runningAfter;
        }
        if (job.runningAfter == null) {
            last = job.runningBefore;
        } else {
            job.runningAfter.runningBefore = job.runningBefore;
        }
        job.runningBefore = null;
        job.runningAfter = null;
        job.runningListed = false;
        size--;
        return true;
    }

    int size() {
        return size;
    }

    /** The jobs, first started first; the one last returned may be removed meanwhile, no other. */
    @Override
    public Iterator<Job> iterator() {
        return new Iterator<>() {
            private Job next = first;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Job next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Job job = next;
                next = job.runningAfter;
                return job;
            }
        };
    }
}
