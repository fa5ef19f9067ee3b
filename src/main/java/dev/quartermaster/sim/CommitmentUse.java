package dev.quartermaster.sim;

import dev.quartermaster.engine.Engine;
import dev.quartermaster.fleet.PoolRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed GPUs in use, kept up to date as placements start and end, so that integrating them over time costs
 * nothing per event: per pool, the GPUs placed work holds and the GPUs active contracts commit; in use is the sum over
 * pools of the smaller of the two. With assertions on, every read is checked against the engine's own count.
 */
final class CommitmentUse {

    private final Engine engine;
    /** Pool indexes in the engine's (the fleet's) order, by pool. */
    private final Map<PoolRef, Integer> poolIndex = new HashMap<>();
    /** Per pool, GPUs that placed work holds. */
    private final long[] used;
    /** Per pool, GPUs committed by active contracts, read from the engine when a contract starts or ends. */
    private final long[] committed;
    private long inUse;

    CommitmentUse(Engine engine) {
        this.engine = engine;
        List<Engine.PoolUsage> usage = engine.poolUsage();
        this.used = new long[usage.size()];
        this.committed = new long[usage.size()];
        for (int i = 0; i < usage.size(); i++) {
            poolIndex.put(usage.get(i).pool(), i);
            used[i] = usage.get(i).usedGpus();
        }
        readCommitments();
    }

    /** The index of a pool, for {@link #add}. */
    int poolIndex(PoolRef pool) {
        return poolIndex.get(pool);
    }

    /** Placed work holds {@code gpus} more GPUs of a pool (fewer when negative). */
    void add(int pool, long gpus) {
        inUse -= Math.min(used[pool], committed[pool]);
        used[pool] += gpus;
        inUse += Math.min(used[pool], committed[pool]);
    }

    /** Reads the GPUs of active contracts per pool from the engine (at the start, and when a contract starts or ends). */
    void readCommitments() {
        List<Engine.PoolUsage> usage = engine.poolUsage();
        inUse = 0;
        for (int i = 0; i < usage.size(); i++) {
            committed[i] = usage.get(i).committedGpus();
            inUse += Math.min(used[i], committed[i]);
        }
    }

    /** Committed GPUs in use now. */
    long inUse() {
        assert inUse == inUseByEngine() : inUse + " committed GPUs in use, the engine says " + inUseByEngine();
        return inUse;
    }

    private long inUseByEngine() {
        long count = 0;
        for (Engine.PoolUsage usage : engine.poolUsage()) {
            count += Math.min(usage.usedGpus(), usage.committedGpus());
        }
        return count;
    }
}
