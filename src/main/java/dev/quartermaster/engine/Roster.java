package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import java.util.Arrays;

/**
 * One pool's running jobs, a row each, kept in arrays: what a preemption search asks of every candidate (priority,
 * team, accelerator type, what stopping it would lose, its nodes and shape) without going to the jobs themselves. A search reads
 * the rows of thousands of running jobs to stop a few; read from the jobs, each costs several trips to memory. Rows
 * are in no particular order: adding and removing cost O(1) (the last row takes a removed one's place). Each job
 * keeps its row in each pool it runs in ({@link Job#row}).
 */
final class Roster {

    private final PoolState pool;
    private int size;
    private Job[] jobs = new Job[16];
    private int[] priority = new int[16];
    private int[] team = new int[16];
    private long[] arrival = new long[16];
    private int[] gpus = new int[16];
    private long[] since = new long[16];
    private long[] checkpoint = new long[16];
    private long[] every = new long[16];
    /** The ledger's accelerator type of all the job's gangs; -1 when they run on several (ask the job). */
    private int[] accelerator = new int[16];
    /** Whether the job runs in other pools too (a search may meet it in each). */
    private boolean[] spans = new boolean[16];
    private long[][] footprint = new long[16][];
    private Shape[] shape = new Shape[16];

    /**
     * The priorities of work that has run here, ascending (a priority stays once seen: work has a handful), and for
     * each the GPUs it holds on each node (by node index, as long as needed): sorted arrays, no boxing, as
     * {@link PriorityTally} keeps its amounts.
     */
    private int[] heldPriorities = new int[0];
    private int[][] heldOnNodes = new int[0][];

    Roster(PoolState pool) {
        this.pool = pool;
    }

    /** Per node, the GPUs that running work of lower priority than {@code priority} holds there (a fresh array). */
    int[] heldBelow(int priority) {
        return heldBelow(priority, new int[pool.nodes()]);
    }

    /**
     * {@link #heldBelow(int)} written into {@code into} when it is long enough (a search's scratch), else into a new
     * array; entries past the pool's nodes are left as they were.
     */
    int[] heldBelow(int priority, int[] into) {
        int nodes = pool.nodes();
        int[] held = into.length >= nodes ? into : new int[nodes];
        Arrays.fill(held, 0, nodes, 0);
        for (int i = 0; i < heldPriorities.length && heldPriorities[i] < priority; i++) {
            int[] level = heldOnNodes[i];
            for (int node = 0; node < Math.min(level.length, nodes); node++) {
                held[node] += level[node];
            }
        }
        return held;
    }

    /** Counts (sign 1) or uncounts (-1) the GPUs a job of the priority holds on this pool's nodes. */
    private void hold(long[] footprint, int priority, int sign) {
        int i = level(priority);
        int[] level = heldOnNodes[i];
        for (long entry : footprint) {
            if (CheapestRoom.poolOf(entry) == pool.index()) {
                int node = CheapestRoom.nodeOf(entry);
                if (level.length <= node) {
                    level = Arrays.copyOf(level, Math.max(node + 1, pool.nodes()));
                    heldOnNodes[i] = level;
                }
                level[node] += sign * CheapestRoom.gpusOf(entry);
            }
        }
    }

    /** The index of the priority's level in {@link #heldOnNodes}, an empty one added in order when it has none. */
    private int level(int priority) {
        int i = Arrays.binarySearch(heldPriorities, priority);
        if (i >= 0) {
            return i;
        }
        i = -i - 1;
        int n = heldPriorities.length;
        int[] priorities = new int[n + 1];
        int[][] levels = new int[n + 1][];
        System.arraycopy(heldPriorities, 0, priorities, 0, i);
        System.arraycopy(heldOnNodes, 0, levels, 0, i);
        System.arraycopy(heldPriorities, i, priorities, i + 1, n - i);
        System.arraycopy(heldOnNodes, i, levels, i + 1, n - i);
        priorities[i] = priority;
        levels[i] = new int[0];
        heldPriorities = priorities;
        heldOnNodes = levels;
        return i;
    }

    int size() {
        return size;
    }

    Job job(int row) {
        return jobs[row];
    }

    int priority(int row) {
        return priority[row];
    }

    int team(int row) {
        return team[row];
    }

    int accelerator(int row) {
        return accelerator[row];
    }

    boolean spans(int row) {
        return spans[row];
    }

    long[] footprint(int row) {
        return footprint[row];
    }

    Shape shape(int row) {
        return shape[row];
    }

    /** GPU-hours stopping the row's job at {@code now} (epoch ms) would lose, as {@link Job#lossIfStopped} says. */
    double loss(int row, long now) {
        return Job.loss(now, since[row], checkpoint[row], every[row], gpus[row]);
    }

    long arrival(int row) {
        return arrival[row];
    }

    /** Adds a job that started running here; false when it has a row already (several gangs in the pool). */
    boolean add(Job job) {
        if (job.row(pool) >= 0) {
            return false;
        }
        if (size == jobs.length) {
            grow();
        }
        int r = size++;
        jobs[r] = job;
        priority[r] = job.priority();
        team[r] = job.team;
        arrival[r] = job.arrival;
        gpus[r] = job.gpus();
        since[r] = job.runningSinceMillis();
        checkpoint[r] = job.checkpointMillis();
        every[r] = job.checkpointEveryMillis();
        accelerator[r] = job.soleAccelerator();
        spans[r] = job.spansPools();
        footprint[r] = job.footprint();
        shape[r] = job.shape();
        job.setRow(pool, r);
        hold(footprint[r], priority[r], 1);
        return true;
    }

    /** Removes a job that stopped running here; false when it had no row. */
    boolean remove(Job job) {
        int r = job.row(pool);
        if (r < 0) {
            return false;
        }
        hold(footprint[r], priority[r], -1);
        int last = --size;
        if (r != last) {
            jobs[r] = jobs[last];
            priority[r] = priority[last];
            team[r] = team[last];
            arrival[r] = arrival[last];
            gpus[r] = gpus[last];
            since[r] = since[last];
            checkpoint[r] = checkpoint[last];
            every[r] = every[last];
            accelerator[r] = accelerator[last];
            spans[r] = spans[last];
            footprint[r] = footprint[last];
            shape[r] = shape[last];
            jobs[r].setRow(pool, r);
        }
        jobs[last] = null;
        footprint[last] = null;
        shape[last] = null;
        job.setRow(pool, -1);
        return true;
    }

    /** The job saved its progress: its row's loss starts again from now. */
    void checkpointed(Job job) {
        int r = job.row(pool);
        if (r >= 0) {
            checkpoint[r] = job.checkpointMillis();
        }
    }

    private void grow() {
        int n = jobs.length * 2;
        jobs = Arrays.copyOf(jobs, n);
        priority = Arrays.copyOf(priority, n);
        team = Arrays.copyOf(team, n);
        arrival = Arrays.copyOf(arrival, n);
        gpus = Arrays.copyOf(gpus, n);
        since = Arrays.copyOf(since, n);
        checkpoint = Arrays.copyOf(checkpoint, n);
        every = Arrays.copyOf(every, n);
        accelerator = Arrays.copyOf(accelerator, n);
        spans = Arrays.copyOf(spans, n);
        footprint = Arrays.copyOf(footprint, n);
        shape = Arrays.copyOf(shape, n);
    }
}
