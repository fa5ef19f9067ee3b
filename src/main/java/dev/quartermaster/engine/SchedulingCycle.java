package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.policy.QueueOrder;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Topology;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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

    void run(List<Decision> out) {
        Instant now = state.now();
        state.work.cycles++;
        state.fairShare.advance(now, state.ledger);
        Reservation held = state.lastReservation;
        if (held != null && !held.stillFor(held.job(), state)) {
            released(held);
            held = null;
        }
        if (!state.policy.strict()) {
            state.parked.wake();
        }
        if (state.allocating) {
            state.allocations.recompute();
        }
        PriorityQueue<Job> heads = queueHeads();
        Map<Shape, Verdict> noRoom = new HashMap<>();
        Map<Shape, String> noRoomAroundReservation = new HashMap<>();
        Set<QuotaKey> noQuota = new HashSet<>();
        Set<PreemptionKey> noPreemption = new HashSet<>();
        Reservation reservation = null;
        int preemptionSearches = 0;
        try {
            while (!heads.isEmpty()) {
                Job job = heads.poll();
                Job next = state.queueOf(job).higher(job);
                Shape shape = job.shape();
                Placer.Block block;
                if (noRoom.containsKey(shape)) {
                    block = Placer.Block.CAPACITY;
                    job.verdict = noRoom.get(shape);
                } else if (!noQuota.isEmpty() && noQuota.contains(new QuotaKey(job.team, shape))) {
                    block = Placer.Block.QUOTA;
                } else if (reservation != null) {
                    block = backfill(job, shape, reservation, noRoom, noRoomAroundReservation, out);
                } else {
                    block = nominate(job, out) ? Placer.Block.NONE : placer.lastBlock();
                    // Why it did not fit as things are, before a preemption search's what-ifs change what the placer says.
                    String why = placer.lastReason();
                    PreemptionKey key = new PreemptionKey(shape, job.priority(), job.team, job.workload.dataClass());
                    if (block != Placer.Block.NONE && state.policy.preemption()
                            && preemptionSearches < MAX_PREEMPTION_SEARCHES && !noPreemption.contains(key)
                            && job.mayPreemptAt(now) && preemptor.hasVictims(job)) {
                        preemptionSearches++;
                        state.work.preemptionSearches++;
                        if (preemptor.preemptFor(job, out)) {
                            state.work.preemptionsFound++;
                            block = Placer.Block.NONE;
                            noRoom.clear();
                            noQuota.clear();
                        } else {
                            noPreemption.add(key);
                            job.preemptionSearchFailed(now);
                        }
                    }
                    if (block != Placer.Block.NONE) {
                        job.verdict = new Verdict.Unschedulable(why, List.of());
                        if (block == Placer.Block.CAPACITY) {
                            noRoom.put(shape, job.verdict);
                        }
                    }
                }
                if (block == Placer.Block.QUOTA || block == Placer.Block.RECLAIM) {
                    noQuota.add(new QuotaKey(job.team, shape));
                }
                if (block != Placer.Block.NONE) {
                    if (state.policy.strict()) {
                        break;
                    }
                    if (state.policy.backfill() && reservation == null && block == Placer.Block.CAPACITY) {
                        reservation = state.lastReservation != null && state.lastReservation.stillFor(job, state)
                                ? state.lastReservation
                                : reserve(job);
                        state.lastReservation = reservation;
                        if (reservation != null) {
                            reservation.hold();
                            job.verdict = reservation.verdictOfJob(job.verdict.summary());
                        }
                    }
                    park(job, block);
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
        if (held != null && state.lastReservation != held) {
            released(held);
        }
        if (!state.policy.strict()) {
            state.parked.keepUnusedRoom();
        }
    }

    /**
     * A reservation no longer in force (its workload started, ended or was cancelled, or another took its place): the
     * room it held is there for the work parked behind it, which wakes as for room that work ending frees.
     */
    private void released(Reservation reservation) {
        state.freedPools.set(reservation.pool().index());
        if (state.lastReservation == reservation) {
            state.lastReservation = null;
        }
    }

    /**
     * A shape, priority, team and data class: every workload of one finds the same victims, or none. Keys whose search
     * found none this cycle are not searched again in it.
     */
    private record PreemptionKey(Shape shape, int priority, int team, DataClass dataClass) {}

    /** A team and a shape its quota refused this cycle. */
    private record QuotaKey(int team, Shape shape) {}

    private Reservation reserve(Job job) {
        state.work.reservations++;
        return Reservation.reserve(state, job);
    }

    /** Phase 5: work that did not get in waits, set aside until room or quota frees up for it. */
    private void park(Job job, Placer.Block block) {
        state.queueOf(job).remove(job);
        if (block == Placer.Block.QUOTA || block == Placer.Block.RECLAIM) {
            state.work.parkedForQuota++;
            state.parked.parkForQuota(job);
        } else {
            state.work.parkedForRoom++;
            state.parked.parkForRoom(job);
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

    /** Phases 2-4: snapshot (the live state, changed only by what-ifs that undo), nominate the best placement, admit it. */
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
     * or on the reserved nodes if it ends before the reserved start. Returns why it did not start, or NONE.
     */
    private Placer.Block backfill(Job job, Shape shape, Reservation reservation, Map<Shape, Verdict> noRoom,
            Map<Shape, String> noRoomAroundReservation, List<Decision> out) {
        state.work.backfillTries++;
        String around = noRoomAroundReservation.get(shape);   // why the shape found no room around the reservation
        if (around == null) {
            if (nominate(job, out)) {
                return Placer.Block.NONE;
            }
            if (placer.lastBlock() != Placer.Block.CAPACITY) {
                job.verdict = new Verdict.Unschedulable(placer.lastReason(), List.of());
                return placer.lastBlock();
            }
            around = placer.lastReason();
            noRoomAroundReservation.put(shape, around);
        }
        if (!reservation.couldEndBefore(job, state.now())) {
            job.verdict = reservation.verdict(around);
            return Placer.Block.CAPACITY;
        }
        reservation.free();
        Placer.Plan plan = placer.find(job);
        boolean inTime = plan != null && reservation.endsBefore(job, plan, state.now());
        if (inTime) {
            out.add(engine.start(job, plan));
        }
        Placer.Block block = placer.lastBlock();
        reservation.hold();
        if (inTime) {
            return Placer.Block.NONE;
        }
        if (plan == null) {
            job.verdict = new Verdict.Unschedulable(placer.lastReason(), List.of());
            if (block == Placer.Block.CAPACITY) {
                noRoom.put(shape, job.verdict);
            }
            return block;
        }
        job.verdict = reservation.verdict(around);
        return Placer.Block.CAPACITY;
    }
}
