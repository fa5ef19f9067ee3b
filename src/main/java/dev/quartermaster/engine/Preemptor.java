package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.engine.policy.VictimOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes room for a workload by stopping others: running work of lower priority, work of the same priority that may
 * move out of the certified pools restricted work needs ({@link Displacement}), and work that borrows quota the
 * workload's team lent (lenders reclaim). Victims are chosen to lose the least work (GPUs x time since their last
 * checkpoint): the cheapest prefix of candidates that makes the workload fit, found by bisection, then pruned of
 * victims it does not need. Nobody is stopped unless the workload then fits.
 */
final class Preemptor {

    /** Pruning tries to spare at most this many of the costliest victims. */
    static final int MAX_PRUNE = 16;

    private final State state;
    private final Placer placer;
    private final Engine engine;

    Preemptor(State state, Placer placer, Engine engine) {
        this.state = state;
        this.placer = placer;
        this.engine = engine;
    }

    /** Whether anyone could be preempted for the job: lower-priority work in its pools, or borrowers it may reclaim from. */
    boolean hasVictims(Job job) {
        state.displacement.forget();
        for (PoolState pool : job.candidates) {
            // A cheap necessary condition: free GPUs plus those of lower-priority work could hold a replica.
            if (state.healthy(pool) && state.freeOrPreemptible(pool, job.priority()) >= job.workload.gpus()
                    && state.lowerPriorityRunsIn(pool, job.priority())) {
                return true;
            }
            if (state.healthy(pool) && state.freeOrPreemptible(pool, job.priority() + 1) >= job.workload.gpus()
                    && state.displacement.mayDisplace(job) && state.displacement.movableWorkIn(pool, job)) {
                return true;
            }
        }
        return mayReclaim(job);
    }

    /** Whether another team of the job's cohort borrows a type the job's team has unused nominal quota of. */
    private boolean mayReclaim(Job job) {
        for (int t = 0; t < state.fleet.teams().size(); t++) {
            if (t != job.team && state.ledger.sameCohort(t, job.team)) {
                for (String type : job.workload.accelerators().keySet()) {
                    int a = state.ledger.accelerator(type);
                    if (a >= 0 && state.ledger.isBorrowing(t, a)
                            && state.ledger.used(job.team, a) + job.workload.gpus() <= state.ledger.quota(job.team, a).nominal()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Preempts the least costly set of victims that makes the job fit, and places it; false when none does. */
    boolean preemptFor(Job job, List<Decision> out) {
        state.displacement.forget();
        Instant now = state.now();
        List<Job> candidates = candidates(job, now);
        if (candidates.isEmpty()) {
            return false;
        }
        WhatIf whatIf = new WhatIf();
        try {
            // The fewest cheapest candidates that make room: double the prefix until it fits (most searches need a
            // few victims), then halve the gap. Room only grows with the prefix, so this finds the shortest one.
            int failed = 0;
            int high = 1;
            while (true) {
                high = Math.min(high, candidates.size());
                whatIf.evictUpTo(candidates, high);
                if (placer.find(job) != null) {
                    break;
                }
                if (high == candidates.size()) {
                    return false;
                }
                failed = high;
                high *= 2;
            }
            int low = failed + 1;
            while (low < high) {
                int mid = (low + high) >>> 1;
                whatIf.evictUpTo(candidates, mid);
                if (placer.find(job) != null) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            whatIf.evictUpTo(candidates, high);
            List<Job> victims = new ArrayList<>(candidates.subList(0, high));
            prune(job, victims, whatIf);
            whatIf.undo();
            for (Job victim : victims) {
                String why = victim.priority() < job.priority()
                        ? "priority " + victim.priority() + " < " + job.priority()
                        : state.displacement.displaces(job, victim) ? "it may run on pools " + job.id + " may not, and "
                                + job.id + " may run only on " + job.candidates.length + " pool"
                                + (job.candidates.length == 1 ? "" : "s")
                        : "team " + state.ledger.teamName(job.team) + " reclaims the quota it lent";
                out.add(new Decision.Preempt(victim.id, job.id, victim.lossIfStopped(now), why));
                victim.preemptions++;
                engine.requeue(victim, "preempted by " + job.id + " (" + job.workload.name() + "): " + why, out);
            }
            Placer.Plan plan = placer.find(job);
            if (plan == null) {
                throw new IllegalStateException("preempted " + victims.size() + " workloads for " + job.id + " but it does not fit");
            }
            out.add(engine.start(job, plan));
            return true;
        } finally {
            whatIf.undo();
        }
    }

    /** Victims it could stop, cheapest first in the policy's victim order (least work lost, by default). */
    private List<Job> candidates(Job job, Instant now) {
        Set<Job> found = new LinkedHashSet<>();
        boolean reclaiming = mayReclaim(job);
        boolean mayDisplace = state.displacement.mayDisplace(job);
        for (PoolState pool : job.candidates) {
            // Only pools where evicting every lower-priority workload (and equal-priority work that could run
            // elsewhere) could make room at all (unless reclaiming).
            boolean displacing = mayDisplace && state.displacement.movableWorkIn(pool, job);
            int below = displacing ? job.priority() + 1 : job.priority();
            if (!state.healthy(pool) || (!reclaiming && state.freeOrPreemptible(pool, below) < job.workload.gpus())) {
                continue;
            }
            Iterable<java.util.Set<Job>> groups = reclaiming ? state.runningByPriority.get(pool.index()).values()
                    : state.runningByPriority.get(pool.index()).headMap(job.priority(), displacing).values();
            for (java.util.Set<Job> group : groups) {
                for (Job running : group) {
                    if (mayPreempt(job, running)) {
                        found.add(running);
                    }
                }
            }
        }
        if (placer.lastBlock() == Placer.Block.QUOTA || placer.lastBlock() == Placer.Block.RECLAIM) {
            for (Job running : state.running) {
                if (state.ledger.sameCohort(running.team, job.team)
                        && mayPreempt(job, running)) {
                    found.add(running);
                }
            }
        }
        record Candidate(Job job, VictimOrder.Victim victim) {}
        List<Candidate> costed = new ArrayList<>(found.size());
        for (Job victim : found) {
            costed.add(new Candidate(victim, new VictimOrder.Victim(victim.lossIfStopped(now), victim.priority(), victim.arrival)));
        }
        Comparator<VictimOrder.Victim> order = state.policy.victims().order();
        List<Candidate> sorted = new SortedOnDemand<>(costed, (a, b) -> order.compare(a.victim(), b.victim()));
        return new java.util.AbstractList<>() {
            public Job get(int index) {
                return sorted.get(index).job();
            }

            public int size() {
                return sorted.size();
            }
        };
    }

    /**
     * Lower priority, or borrowing quota that the job's team may reclaim (the job stays within its nominal quota).
     * A job that would itself borrow may preempt only its own team's work, never another team's (Kueue's default):
     * otherwise a borrower and a lender take the same GPUs from each other, cycle after cycle.
     */
    boolean mayPreempt(Job job, Job running) {
        if (running == job || running.state != WorkloadState.RUNNING) {
            return false;
        }
        if (state.displacement.displaces(job, running)) {
            return true;
        }
        if (running.team == job.team) {
            return running.priority() < job.priority();
        }
        if (!state.ledger.sameCohort(running.team, job.team) && running.priority() >= job.priority()) {
            return false;
        }
        for (int a : running.acceleratorOfSelection) {
            boolean withinNominal = state.ledger.used(job.team, a) + job.workload.gpus() <= state.ledger.quota(job.team, a).nominal();
            if (!withinNominal) {
                continue;
            }
            if (running.priority() < job.priority()
                    || (state.ledger.sameCohort(running.team, job.team) && state.ledger.isBorrowing(running.team, a))) {
                return true;
            }
        }
        return false;
    }

    /** Spares victims, costliest first, while the job still fits without stopping them. */
    private void prune(Job job, List<Job> victims, WhatIf whatIf) {
        int tried = 0;
        for (int i = victims.size() - 1; i >= 0 && tried < MAX_PRUNE; i--, tried++) {
            Job victim = victims.get(i);
            whatIf.restore(victim);
            if (placer.find(job) == null) {
                whatIf.evict(victim);
            } else {
                victims.remove(i);
            }
        }
    }

    /** Evictions that are only pretended: the victims' GPUs and quota are given back, and taken again on undo. */
    private final class WhatIf {
        private final List<Job> evicted = new ArrayList<>();

        void evictUpTo(List<Job> ordered, int count) {
            while (evicted.size() > count) {
                restoreLast();
            }
            for (int i = evicted.size(); i < count; i++) {
                evict(ordered.get(i));
            }
        }

        void evict(Job victim) {
            for (int r = 0; r < victim.selections.size(); r++) {
                Selection s = victim.selections.get(r);
                s.give();
                state.ledger.remove(victim.team, victim.acceleratorOfSelection[r], s.gpus());
            }
            evicted.add(victim);
        }

        void restore(Job victim) {
            retake(victim);
            evicted.remove(victim);
        }

        private void restoreLast() {
            retake(evicted.remove(evicted.size() - 1));
        }

        private void retake(Job victim) {
            for (int r = victim.selections.size() - 1; r >= 0; r--) {
                Selection s = victim.selections.get(r);
                s.take();
                state.ledger.add(victim.team, victim.acceleratorOfSelection[r], s.gpus());
            }
        }

        void undo() {
            while (!evicted.isEmpty()) {
                restoreLast();
            }
        }
    }
}
