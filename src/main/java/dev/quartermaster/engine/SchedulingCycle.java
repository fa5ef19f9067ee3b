package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.policy.QueueOrder;
import dev.quartermaster.workload.Topology;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scheduling cycle, in named phases: take the teams' queue heads in the policy's order (fair share refreshed
 * after every admission), nominate a placement, admit it or preempt for it, and leave the rest pending with a
 * verdict. With backfill on, the first workload that does not fit gets a reservation (EASY backfill) and later ones
 * start only if they do not delay it.
 */
final class SchedulingCycle {

    /** At most this many preemption searches per cycle, so a cycle stays short under a flood of blocked work. */
    static final int MAX_PREEMPTION_SEARCHES = 8;

    private final State state;
    private final Placer placer;
    private final Engine engine;
    private final Preemptor preemptor;

    SchedulingCycle(State state, Placer placer, Engine engine) {
        this.state = state;
        this.placer = placer;
        this.engine = engine;
        this.preemptor = new Preemptor(state, placer, engine);
    }

    /** A shape that found no room this cycle; capacity only shrinks in a cycle until something is preempted. */
    private record Shape(PoolState[] candidates, int nodes, int gpusPerNode, Topology topology, int replicas,
            List<String> regions) {}

    void run(List<Decision> out) {
        Instant now = state.now();
        state.fairShare.advance(now, state.ledger);
        PriorityQueue<Job> heads = queueHeads();
        Set<Shape> noRoom = new HashSet<>();
        Reservation reservation = null;
        int preemptionSearches = 0;
        try {
            while (!heads.isEmpty()) {
                Job job = heads.poll();
                Job next = state.queueOf(job).higher(job);
                Shape shape = new Shape(job.candidates, job.workload.nodes(), job.workload.gpusPerNode(),
                        job.workload.topology(), job.workload.replicas(), job.workload.regions());
                boolean placed;
                if (noRoom.contains(shape)) {
                    placed = false;
                    job.verdict = new Verdict.Unschedulable(roomReason(job), List.of());
                } else if (reservation != null) {
                    placed = backfill(job, reservation, out);
                } else {
                    placed = nominate(job, out);
                    if (!placed && state.policy.preemption() && preemptionSearches < MAX_PREEMPTION_SEARCHES
                            && preemptor.hasVictims(job)) {
                        preemptionSearches++;
                        placed = preemptor.preemptFor(job, out);
                    }
                    if (placed) {
                        noRoom.clear();
                    } else {
                        job.verdict = new Verdict.Unschedulable(placer.lastReason(), List.of());
                        if (placer.lastBlock() == Placer.Block.CAPACITY) {
                            noRoom.add(shape);
                        }
                    }
                }
                if (!placed) {
                    if (state.policy.strict()) {
                        break;
                    }
                    if (state.policy.backfill() && reservation == null && placer.lastBlock() == Placer.Block.CAPACITY) {
                        reservation = Reservation.reserve(state, job);
                        if (reservation != null) {
                            reservation.hold();
                            job.verdict = new Verdict.Unschedulable(placer.lastReason() + "; reserved to start by "
                                    + reservation.start() + " in " + reservation.pool().ref(), List.of());
                        }
                    }
                }
                if (next != null) {
                    next.share = state.fairShare.share(next.team, state.ledger);
                    heads.add(next);
                }
            }
        } finally {
            if (reservation != null) {
                reservation.free();
            }
        }
    }

    /** Phase 1: the head of every team's queue, ordered across teams by the policy (fair share for most). */
    private PriorityQueue<Job> queueHeads() {
        QueueOrder order = state.policy.order();
        PriorityQueue<Job> heads = new PriorityQueue<>(Math.max(1, state.pending.size()), order.acrossTeams()::compare);
        for (int t = 0; t < state.pending.size(); t++) {
            TreeSet<Job> queue = state.pending.get(t);
            if (!queue.isEmpty()) {
                Job head = queue.first();
                head.share = state.fairShare.share(t, state.ledger);
                heads.add(head);
            }
        }
        return heads;
    }

    /** Phases 2-4: nominate the best placement and admit it. */
    private boolean nominate(Job job, List<Decision> out) {
        Placer.Plan plan = placer.find(job);
        if (plan == null) {
            return false;
        }
        out.add(engine.start(job, plan));
        return true;
    }

    /**
     * A job behind the reservation may start now only without delaying it: on capacity the reservation does not hold,
     * or on the reserved nodes if it ends before the reserved start.
     */
    private boolean backfill(Job job, Reservation reservation, List<Decision> out) {
        if (nominate(job, out)) {
            return true;
        }
        Placer.Block block = placer.lastBlock();
        String reason = placer.lastReason();
        reservation.free();
        Placer.Plan plan = placer.find(job);
        boolean inTime = plan != null && reservation.endsBefore(job, plan, state.now());
        if (inTime) {
            out.add(engine.start(job, plan));
        }
        reservation.hold();
        if (!inTime) {
            job.verdict = plan == null
                    ? new Verdict.Unschedulable(placer.lastReason(), List.of())
                    : new Verdict.Reserved("would delay the reservation for " + reservation.job().workload.name()
                            + " in " + reservation.pool().ref() + " from " + reservation.start() + " (" + reason + ")");
            if (plan == null && block != Placer.Block.CAPACITY) {
                job.verdict = new Verdict.Unschedulable(reason, List.of());
            }
        }
        return inTime;
    }

    private String roomReason(Job job) {
        return "no candidate pool has room for " + job.workload.nodes() + " x " + job.workload.gpusPerNode() + " GPUs";
    }
}
