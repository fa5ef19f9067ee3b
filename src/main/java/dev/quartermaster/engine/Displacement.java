package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.Gangs;
import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.workload.DataClass;

/**
 * Restricted work's claim on the certified pools, the only ones it may run on: running work of the same priority that
 * may also run elsewhere, and fits elsewhere now, gives way to it (a move, not a stop; where everything is full,
 * nobody is displaced), as a partition of higher priority tier does in Slurm. The relation is a strict inclusion of
 * candidate pools, so two workloads never displace each other.
 */
final class Displacement {

    private final State state;
    /**
     * Per shape of running work (by {@link Shape#id}), whether it may move out of {@link #askedFor}'s pools: it may run
     * on every one of them and on others, and a gang of it fits in one of the others now. An entry holds the
     * {@link #asked} number it was worked out for, shifted left, with the answer in the lowest bit: entries of an
     * earlier question are stale without being cleared.
     */
    private long[] movable = new long[64];
    private long asked = 1;
    private Job askedFor;

    Displacement(State state) {
        this.state = state;
    }

    /** Forgets what it worked out: capacity may have changed since. Call before the questions about one search. */
    void forget() {
        askedFor = null;
        asked++;
    }

    /** Whether the job may displace anyone: its data is restricted and a healthy pool outside its own has free GPUs. */
    boolean mayDisplace(Job job) {
        return job.workload.dataClass() == DataClass.RESTRICTED && freeRoomOutside(job.candidates);
    }

    /** Whether the running job gives way to the job (its fitting outside means there is room outside). */
    boolean displaces(Job job, Job running) {
        return running.priority() == job.priority() && job.workload.dataClass() == DataClass.RESTRICTED
                && movable(running.shape(), job);
    }

    /** Whether work that could move out of the job's pools runs in the pool. */
    boolean movableWorkIn(PoolState pool, Job job) {
        ShapeCounts running = state.runningByShape.get(pool.index());
        for (int i = 0; i < running.size(); i++) {
            if (movable(running.shape(i), job)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the job may displace someone in one of its pools. */
    boolean hasMovableWork(Job job) {
        if (!mayDisplace(job)) {
            return false;
        }
        for (PoolState pool : job.candidates) {
            if (movableWorkIn(pool, job)) {
                return true;
            }
        }
        return false;
    }

    /** Whether work that may run on {@code wider} pools may run on every one of {@code narrower} and on others as well. */
    static boolean widerThan(PoolState[] wider, PoolState[] narrower) {
        if (wider == narrower || wider.length <= narrower.length) {
            return false;
        }
        int w = 0;
        for (PoolState pool : narrower) {   // both lists are in fleet order
            while (w < wider.length && wider[w].index() < pool.index()) {
                w++;
            }
            if (w == wider.length || wider[w] != pool) {
                return false;
            }
        }
        return true;
    }

    /** Whether running work of the shape may give way to the job: it may run outside the job's pools and fits there now. */
    boolean movable(Shape shape, Job job) {
        if (askedFor != job) {
            forget();
            askedFor = job;
        }
        if (shape.id >= movable.length) {
            movable = java.util.Arrays.copyOf(movable, Math.max(shape.id + 1, 2 * movable.length));
        }
        long known = movable[shape.id];
        if (known >>> 1 == asked) {
            return (known & 1) == 1;
        }
        boolean answer = widerThan(shape.candidates(), job.candidates) && fitsOutside(shape, job.candidates);
        movable[shape.id] = asked << 1 | (answer ? 1 : 0);
        return answer;
    }

    /** Whether a gang of the shape fits now in a healthy pool of its candidates that is not among {@code pools}. */
    private boolean fitsOutside(Shape shape, PoolState[] pools) {
        int i = 0;
        for (PoolState pool : shape.candidates()) {   // both in fleet order
            while (i < pools.length && pools[i].index() < pool.index()) {
                i++;
            }
            if ((i == pools.length || pools[i] != pool) && state.healthy(pool)
                    && Gangs.fits(pool, shape.nodes(), shape.gpusPerNode(), shape.topology())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a healthy pool outside {@code pools} has free GPUs: somewhere displaced work could go. */
    private boolean freeRoomOutside(PoolState[] pools) {
        int i = 0;
        for (PoolState pool : state.pools) {   // both in fleet order
            if (i < pools.length && pools[i] == pool) {
                i++;
            } else if (pool.freeGpus() > 0 && state.healthy(pool)) {
                return true;
            }
        }
        return false;
    }
}
