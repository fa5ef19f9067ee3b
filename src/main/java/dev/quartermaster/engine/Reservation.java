package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.Gangs;
import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * EASY backfill's reservation for the first workload that does not fit: the pool and nodes where it will fit
 * soonest, judged from the expected ends of running work, and that moment. While held, the reserved nodes' free GPUs
 * are taken, so later workloads fit only around them.
 */
final class Reservation {

    private final Job job;
    private final PoolState pool;
    private final int[] nodes;
    private final Instant start;
    private final int[] held;
    private boolean holding;

    private Reservation(Job job, PoolState pool, int[] nodes, Instant start) {
        this.job = job;
        this.pool = pool;
        this.nodes = nodes;
        this.start = start;
        this.held = new int[nodes.length];
    }

    Job job() {
        return job;
    }

    PoolState pool() {
        return pool;
    }

    Instant start() {
        return start;
    }

    /**
     * The earliest reservation for a single-gang job, or null when no pool frees up enough from running work; among
     * pools that free up at the same moment, the first of its candidates. Pools are tried soonest possible first (when
     * enough GPUs could be back, from the GPUs each hour's endings hold), and no pool is walked that could not beat
     * the best found so far.
     */
    static Reservation reserve(State state, Job job) {
        Workload w = job.workload;
        if (w.replicas() > 1) {
            return null;
        }
        long now = state.now().toEpochMilli();
        int n = 0;
        long[] tries = new long[job.candidates.length];   // per pool worth walking: the bound, then its position
        int[] at = new int[job.candidates.length];
        for (int i = 0; i < job.candidates.length; i++) {
            PoolState pool = job.candidates[i];
            if (!state.healthy(pool) || !Gangs.couldEverFit(pool, w.nodes(), w.gpusPerNode(), w.topology())) {
                continue;
            }
            long bound = earliestFreeing(state.endingIn.get(pool.index()), pool, w);
            if (bound != Long.MAX_VALUE) {
                tries[n] = Math.max(now, bound);
                at[n++] = i;
            }
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (a, b) -> tries[a] != tries[b] ? Long.compare(tries[a], tries[b]) : Integer.compare(at[a], at[b]));
        Reservation best = null;
        int bestAt = -1;
        for (int k : order) {
            if (best != null && (tries[k] > best.startMillis() || (tries[k] == best.startMillis() && at[k] > bestAt))) {
                break;   // neither it nor any pool after it starts sooner, or as soon and comes first
            }
            boolean tieWins = best != null && at[k] < bestAt;
            // Worth walking only through jobs that end before the best start (or at it, when a tie would win).
            long endsBefore = best == null ? Long.MAX_VALUE : best.startMillis() + (tieWins ? 1 : 0);
            Reservation r = earliestIn(state, job, job.candidates[at[k]], endsBefore);
            if (r != null && (best == null || r.startMillis() < best.startMillis()
                    || (tieWins && r.startMillis() == best.startMillis()))) {
                best = r;
                bestAt = at[k];
            }
        }
        return best;
    }

    /**
     * When enough GPUs could be back for the gang at the soonest (a lower bound of its reservation's start): in the
     * pool, or for a block gang in one block that could hold it.
     */
    private static long earliestFreeing(Endings endings, PoolState pool, Workload w) {
        if (Gangs.effective(w.topology(), w.nodes()) != Topology.BLOCK) {
            return endings.earliestFreeing(w.gpus() - pool.freeGpus());
        }
        long[] free = new long[pool.blocks()];
        boolean[] mayHold = new boolean[pool.blocks()];
        for (int b = 0; b < free.length; b++) {
            free[b] = pool.blockFreeGpus(b);
            mayHold[b] = pool.blockUpGpus(b) / pool.gpusPerNode() >= w.nodes();
        }
        return endings.earliestFreeingInABlock(w.gpus(), free, mayHold);
    }

    private long startMillis() {
        return start.toEpochMilli();
    }

    /** The earliest reservation in a pool made by work that ends before {@code endsBefore} (epoch ms), or null. */
    private static Reservation earliestIn(State state, Job job, PoolState pool, long endsBefore) {
        Workload w = job.workload;
        Iterable<Job> ending = state.endingIn.get(pool.index());
        List<Selection> released = new ArrayList<>();
        try {
            for (Job running : ending) {
                if (running.expectedEndMillis >= endsBefore) {
                    return null;
                }
                int from = released.size();
                for (Selection s : running.selections) {
                    if (s.pool() == pool) {
                        s.give();
                        released.add(s);
                    }
                }
                // Past the first job, the gang did not fit before this one's GPUs came back: ask only where they did.
                if (pool.freeGpus() >= w.gpus() && (from == 0
                        ? Gangs.fits(pool, w.nodes(), w.gpusPerNode(), w.topology())
                        : Gangs.fitsAfterFreeing(pool, w.nodes(), w.gpusPerNode(), w.topology(), released.subList(from, released.size())))) {
                    Selection at = Gangs.select(pool, w.nodes(), w.gpusPerNode(), w.topology());
                    Instant start = running.expectedEnd().isBefore(state.now()) ? state.now() : running.expectedEnd();
                    return new Reservation(job, pool, at.nodes(), start);
                }
            }
            return null;
        } finally {
            for (int i = released.size() - 1; i >= 0; i--) {
                released.get(i).take();
            }
        }
    }

    private final java.util.Map<String, Verdict> verdicts = new java.util.HashMap<>();
    /** What every verdict of {@link #verdict} starts with, worked out once. */
    private String wouldDelay;

    /** The verdict of work that would delay this reservation, given why it found no other room; built once per reason. */
    Verdict verdict(String reason) {
        if (wouldDelay == null) {
            wouldDelay = "would delay the reservation for " + job.workload.name() + " in " + pool.ref() + " from " + start;
        }
        return verdicts.computeIfAbsent(reason, r -> new Verdict.Reserved(wouldDelay + " (" + r + ")"));
    }

    private String reasonOfJob;
    private Verdict verdictOfJob;

    /** The verdict of the job this reservation is for, given why it found no room now; built once per reason in a row. */
    Verdict verdictOfJob(String reason) {
        if (!reason.equals(reasonOfJob)) {
            if (reservedText == null) {
                reservedText = "; reserved to start by " + start + " in " + pool.ref();
            }
            reasonOfJob = reason;
            verdictOfJob = new Verdict.Unschedulable(reason + reservedText, List.of());
        }
        return verdictOfJob;
    }

    /** The words of {@link #verdictOfJob} after the reason, worked out once. */
    private String reservedText;

    /** Whether this reservation still holds for the job: its start is ahead, its pool healthy, its nodes up. */
    boolean stillFor(Job candidate, State state) {
        if (candidate != job || job.state != WorkloadState.PENDING || !start.isAfter(state.now()) || !state.healthy(pool)) {
            return false;
        }
        for (int node : nodes) {
            if (node >= pool.nodes() || pool.isDown(node)) {
                return false;
            }
        }
        return true;
    }

    /** Takes the free GPUs of the reserved nodes, so nothing else is placed on them. */
    void hold() {
        if (holding) {
            return;
        }
        for (int i = 0; i < nodes.length; i++) {
            int node = nodes[i];
            held[i] = node < pool.nodes() && !pool.isDown(node) ? pool.free(node) : 0;
            if (held[i] > 0) {
                pool.take(node, held[i]);
            }
        }
        holding = true;
    }

    /** Gives back what {@link #hold()} took. */
    void free() {
        if (!holding) {
            return;
        }
        for (int i = 0; i < nodes.length; i++) {
            if (held[i] > 0) {
                pool.give(nodes[i], held[i]);
            }
            held[i] = 0;
        }
        holding = false;
    }

    /** Whether the job could end before the reserved start at all: on its fastest accelerator, without provisioning. */
    boolean couldEndBefore(Job other, Instant now) {
        double hours = other.remainingReferenceHours / other.fastestSpeed();
        return !Double.isInfinite(hours) && !now.plusMillis((long) (hours * 3_600_000.0)).isAfter(start);
    }

    /** Whether a plan for another job would have it finish before the reserved start. */
    boolean endsBefore(Job other, Placer.Plan plan, Instant now) {
        Instant end = now;
        for (int r = 0; r < plan.selections().size(); r++) {
            var site = plan.selections().get(r).pool().site();
            double hours = other.remainingReferenceHours / plan.offers().get(r).speed();
            if (Double.isInfinite(hours)) {
                return false;
            }
            Instant replicaEnd = now.plus(site.pool().elastic() ? site.pool().provisioningDelay() : java.time.Duration.ZERO)
                    .plusMillis((long) (hours * 3_600_000.0));
            end = replicaEnd.isAfter(end) ? replicaEnd : end;
        }
        return !end.isAfter(start);
    }
}
