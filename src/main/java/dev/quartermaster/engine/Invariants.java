package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules the engine's state keeps after every event, recomputed from scratch: no node over-committed and every
 * index in step with the running work, quotas within their limits, restricted data only with certified providers,
 * gangs whole, and each workload in exactly one state.
 */
final class Invariants {

    private Invariants() {}

    static List<String> check(State state) {
        List<String> broken = new ArrayList<>();
        int[][] used = new int[state.pools.size()][];
        for (PoolState pool : state.pools) {
            used[pool.index()] = new int[pool.nodes()];
        }
        long[][] quotaUse = new long[state.fleet.teams().size()][state.fleet.accelerators().size()];
        int running = 0;
        int pending = 0;
        java.util.Set<Job> inAnyPool = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        state.pools.forEach(pool -> inAnyPool.addAll(state.runningIn(pool)));
        java.util.Set<Job> inAnyQueue = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        state.pending.forEach(inAnyQueue::addAll);
        for (Job job : state.jobs.values()) {
            boolean inQueue = inAnyQueue.contains(job);
            boolean isParked = state.parked.contains(job);
            if (inQueue && isParked) {
                broken.add(job + " is both queued and parked");
            }
            boolean queued = inQueue || isParked;
            boolean inPools = inAnyPool.contains(job);
            switch (job.state) {
                case PENDING -> {
                    pending++;
                    if (!queued || inPools || !job.selections.isEmpty()) {
                        broken.add(job + " is pending but queued=" + queued + ", in pools=" + inPools);
                    }
                }
                case RUNNING -> {
                    running++;
                    if (queued || !inPools) {
                        broken.add(job + " is running but queued=" + queued + ", in pools=" + inPools);
                    }
                    checkRunning(state, job, used, quotaUse, broken);
                }
                default -> {
                    if (queued || inPools) {
                        broken.add(job + " ended but queued=" + queued + ", in pools=" + inPools);
                    }
                }
            }
        }
        int queuedOrParked = state.parked.size();
        for (var queue : state.pending) {
            queuedOrParked += queue.size();
        }
        if (queuedOrParked != state.pendingCount) {
            broken.add(state.pendingCount + " pending, but queues and parked work hold " + queuedOrParked);
        }
        if (running != state.runningCount || pending != state.pendingCount) {
            broken.add("counts say " + state.runningCount + " running, " + state.pendingCount + " pending; jobs say " + running
                    + " and " + pending);
        }
        int inRosters = state.runningInStartOrder().size();
        if (inRosters != running) {
            broken.add("the pools' rosters hold " + inRosters + " running jobs; jobs say " + running);
        }
        for (PoolState pool : state.pools) {
            for (int n = 0; n < pool.nodes(); n++) {
                int u = used[pool.index()][n];
                if (u > pool.gpusPerNode()) {
                    broken.add(pool.ref() + " node " + n + " is over-committed: " + u + " GPUs of " + pool.gpusPerNode());
                }
                int expectedFree = pool.isDown(n) ? 0 : pool.gpusPerNode() - u;
                if (!pool.isDown(n) && pool.free(n) != expectedFree) {
                    broken.add(pool.ref() + " node " + n + " shows " + pool.free(n) + " free GPUs, running work leaves "
                            + expectedFree);
                }
            }
        }
        for (PoolState pool : state.pools) {
            checkHeld(state, pool, broken);
        }
        for (int t = 0; t < quotaUse.length; t++) {
            for (int a = 0; a < quotaUse[t].length; a++) {
                if (quotaUse[t][a] != state.ledger.used(t, a)) {
                    broken.add("team " + state.ledger.teamName(t) + " is charged " + state.ledger.used(t, a) + " "
                            + state.ledger.acceleratorName(a) + ", running work uses " + quotaUse[t][a]);
                }
            }
        }
        broken.addAll(state.ledger.violations());
        return broken;
    }

    /** The GPUs the pool's roster counts per priority and node are those its running work holds there. */
    private static void checkHeld(State state, PoolState pool, List<String> broken) {
        if (!CheapestRoom.handles(List.of(pool))) {
            return;   // no search reads its nodes (see CheapestRoom.footprint)
        }
        java.util.TreeMap<Integer, int[]> expected = new java.util.TreeMap<>();
        for (Job job : state.runningIn(pool)) {
            for (Selection s : job.selections) {
                if (s.pool() == pool) {
                    int[] held = expected.computeIfAbsent(job.priority(), p -> new int[pool.nodes()]);
                    for (int node : s.nodes()) {
                        held[node] += s.gpusPerNode();
                    }
                }
            }
        }
        Roster roster = state.rosters.get(pool.index());
        int[] total = new int[pool.nodes()];
        expected.forEach((priority, held) -> {
            int[] below = roster.heldBelow(priority);
            int[] through = roster.heldBelow(priority + 1);
            for (int n = 0; n < pool.nodes(); n++) {
                total[n] += held[n];
                if (through[n] - below[n] != held[n]) {
                    broken.add(pool.ref() + " node " + n + ": its roster counts " + (through[n] - below[n]) + " GPUs of priority "
                            + priority + ", running work holds " + held[n]);
                }
            }
        });
        if (!java.util.Arrays.equals(total, roster.heldBelow(Integer.MAX_VALUE))) {
            broken.add(pool.ref() + ": its roster counts GPUs of priorities nothing running there has");
        }
    }

    private static void checkRunning(State state, Job job, int[][] used, long[][] quotaUse, List<String> broken) {
        var w = job.workload;
        if (job.selections.size() != w.replicas()) {
            broken.add(job + " runs " + job.selections.size() + " of its " + w.replicas() + " replicas");
        }
        for (int r = 0; r < job.selections.size(); r++) {
            Selection s = job.selections.get(r);
            PoolState pool = s.pool();
            if (s.nodes().length != w.nodes() || s.gpusPerNode() != w.gpusPerNode()) {
                broken.add(job + " gang is not whole: " + s.nodes().length + " x " + s.gpusPerNode() + " GPUs, wants "
                        + w.nodes() + " x " + w.gpusPerNode());
            }
            if (w.topology() == Topology.BLOCK) {
                int block = pool.blockOf(s.nodes()[0]);
                for (int node : s.nodes()) {
                    if (pool.blockOf(node) != block) {
                        broken.add(job + " spans blocks " + block + " and " + pool.blockOf(node) + " of " + pool.ref());
                    }
                }
            }
            if (w.dataClass() == DataClass.RESTRICTED && !pool.site().provider().certifiedForRestrictedData()) {
                broken.add(job + " has restricted data at uncertified provider " + pool.site().provider().name());
            }
            if (w.speedOn(pool.site().pool().accelerator()) <= 0) {
                broken.add(job + " runs on " + pool.site().pool().accelerator() + ", which it does not accept");
            }
            for (int node : s.nodes()) {
                if (node < used[pool.index()].length) {
                    used[pool.index()][node] += s.gpusPerNode();
                }
                if (pool.isDown(node)) {
                    broken.add(job + " runs on node " + node + " of " + pool.ref() + ", which is down");
                }
            }
            quotaUse[job.team][job.acceleratorOfSelection[r]] += s.gpus();
        }
    }
}
