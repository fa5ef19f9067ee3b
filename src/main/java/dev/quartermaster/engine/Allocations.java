package dev.quartermaster.engine;

import dev.quartermaster.engine.allocation.MaxMinAllocation;
import dev.quartermaster.engine.allocation.MaxMinAllocation.JobClass;
import dev.quartermaster.engine.capacity.PoolState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The heterogeneity-aware allocation of the {@code hetero} policy, recomputed at the start of each cycle from all
 * pending and running work: jobs are grouped into classes (GPUs, relative speed per type), the max-min LP shares each
 * class's time between types, and a job prefers its pools in proportion to its class's share of their type.
 */
final class Allocations {

    /** A class of jobs: the same GPUs and the same relative speed on every accelerator type. */
    record ClassKey(int gpus, List<Double> speeds) {}

    /** The allocation is worked out again at most this often (Gavel's round), unless new kinds of work arrived. */
    static final java.time.Duration ROUND = java.time.Duration.ofMinutes(6);

    private final State state;
    private Map<ClassKey, double[]> shares = Map.of();
    private java.time.Instant computedAt;

    Allocations(State state) {
        this.state = state;
    }

    static ClassKey keyOf(State state, Job job) {
        List<Double> speeds = new ArrayList<>();
        for (var accelerator : state.fleet.accelerators()) {
            speeds.add(job.workload.speedOn(accelerator.name()));
        }
        return new ClassKey(job.gpus(), List.copyOf(speeds));
    }

    /** Works the allocation out again if a round has passed or work of a kind it does not cover is waiting. */
    void recompute() {
        // Classes in the order of their first workload's arrival: the LP sees the same classes in the same order
        // whatever the history of the map the engine keeps its work in.
        List<Job> live = new ArrayList<>(state.jobs.size());
        for (Job job : state.jobs.values()) {
            if (job.state == WorkloadState.PENDING || job.state == WorkloadState.RUNNING) {
                live.add(job);
            }
        }
        live.sort(java.util.Comparator.comparingLong(job -> job.arrival));
        Map<ClassKey, Integer> counts = new LinkedHashMap<>();
        for (Job job : live) {
            counts.merge(job.classKey(state), 1, Integer::sum);
        }
        java.time.Instant now = state.now();
        if (computedAt != null && now.isBefore(computedAt.plus(ROUND)) && shares.keySet().containsAll(counts.keySet())) {
            return;
        }
        computedAt = now;
        double[] capacity = new double[state.fleet.accelerators().size()];
        for (PoolState pool : state.pools) {
            if (state.healthy(pool)) {
                capacity[state.ledger.accelerator(pool.site().pool().accelerator())] += pool.upGpus();
            }
        }
        List<ClassKey> keys = new ArrayList<>(counts.keySet());
        List<JobClass> classes = new ArrayList<>();
        for (ClassKey key : keys) {
            classes.add(new JobClass(counts.get(key), key.gpus(), key.speeds().stream().mapToDouble(Double::doubleValue).toArray()));
        }
        MaxMinAllocation.Result result = MaxMinAllocation.solve(classes, capacity);
        Map<ClassKey, double[]> next = new HashMap<>();
        for (int c = 0; c < keys.size(); c++) {
            next.put(keys.get(c), result.share()[c]);
        }
        shares = next;
    }

    /** How much the allocation wants the job on an accelerator type, 0..1 relative to its most wanted type. */
    double preference(Job job, int accelerator) {
        if (shares.isEmpty()) {
            return 1;
        }
        double[] share = shares.get(job.classKey(state));
        if (share == null) {
            return 1;
        }
        double most = 0;
        for (double s : share) {
            most = Math.max(most, s);
        }
        return most <= 0 ? 1 : share[accelerator] / most;
    }
}
