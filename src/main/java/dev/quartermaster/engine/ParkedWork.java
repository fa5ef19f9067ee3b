package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.Gangs;
import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.policy.QueueOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Pending work that found no room or no quota, set aside so that a cycle does not look at it again until something
 * changed for it (Kueue's inadmissible workloads). Work without room is grouped by {@link Shape}: at the start of a
 * cycle a group whose shape fits somewhere again wakes only as many of each team's workloads, in queue order, as could
 * fit. Work without quota wakes when its cohort gave quota back.
 */
final class ParkedWork {

    /** A woken shape lets at most this many workloads try again per cycle. */
    static final int MAX_WAKE_PER_SHAPE = 32;
    /** Quota given back lets at most this many of each team's quota-parked workloads try again per cycle. */
    static final int MAX_WAKE_PER_TEAM = 16;

    private final State state;
    private final Map<Shape, List<ParkedQueue>> byShape = new LinkedHashMap<>();
    /** Per shape by {@link Shape#id}, how many parked workloads have each priority: its most urgent one at a glance. */
    private PriorityTally[] parkedPriorities = new PriorityTally[16];
    private final List<TreeSet<Job>> byTeamQuota = new ArrayList<>();
    private final boolean[] quotaReleased;
    private int size;

    ParkedWork(State state) {
        this.state = state;
        for (int t = 0; t < state.pending.size(); t++) {
            byTeamQuota.add(new TreeSet<>(state.policy.order().withinTeam()::compare));
        }
        this.quotaReleased = new boolean[state.pending.size()];
    }

    int size() {
        return size;
    }

    boolean contains(Job job) {
        return job.parkedFor != null || (job.team >= 0 && byTeamQuota.get(job.team).contains(job));   // < 0: no such team
    }

    /** Sets aside a job that found no room in any candidate pool. */
    void parkForRoom(Job job) {
        Shape shape = job.shape();
        List<ParkedQueue> teams = byShape.get(shape);
        if (teams == null) {
            teams = new ArrayList<>(java.util.Collections.nCopies(state.pending.size(), (ParkedQueue) null));
            byShape.put(shape, teams);
        }
        if (teams.get(job.team) == null) {
            teams.set(job.team, new ParkedQueue(state.policy.order().withinTeam()::compare));
        }
        teams.get(job.team).add(job);
        if (shape.id >= parkedPriorities.length) {
            int length = Math.max(shape.id + 1, 2 * parkedPriorities.length);
            parkedPriorities = java.util.Arrays.copyOf(parkedPriorities, length);
        }
        if (parkedPriorities[shape.id] == null) {
            parkedPriorities[shape.id] = new PriorityTally();
        }
        parkedPriorities[shape.id].add(job.priority(), 1);
        job.parkedFor = shape;
        size++;
    }

    /** Sets aside a job its team's quota refused. */
    void parkForQuota(Job job) {
        byTeamQuota.get(job.team).add(job);
        size++;
    }

    /** Takes a job out (it was cancelled or failed while parked); false when it was not parked. */
    boolean remove(Job job) {
        Shape shape = job.parkedFor;
        job.parkedFor = null;
        if (shape != null) {
            byShape.get(shape).get(job.team).remove(job);
            unwoken(shape, job);
            size--;
            return true;
        }
        if (byTeamQuota.get(job.team).remove(job)) {
            size--;
            return true;
        }
        return false;
    }

    /** The team gave back GPUs: its cohort's quota-parked work may try again. */
    void quotaReleased(int team) {
        state.ledger.forEachInCohort(team, member -> quotaReleased[member] = true);
    }

    /**
     * Whether a pool freed room of a type the team's quota admits its first quota-parked workload's gang on: work the
     * quota refused on the types that had room may fit on another type that has room now, with no quota given back.
     */
    private boolean roomWithinQuota(int team) {
        TreeSet<Job> parked = byTeamQuota.get(team);
        if (parked.isEmpty() || state.freedPools.isEmpty()) {
            return false;
        }
        Job first = parked.first();
        var w = first.workload;
        for (PoolState pool : first.candidates) {
            if (state.freedPools.get(pool.index()) && state.healthy(pool)
                    && Gangs.fits(pool, w.nodes(), w.gpusPerNode(), w.topology())
                    && state.policy.admission().check(state.ledger, team, state.accelerator(pool), w.gpus()).admitted()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves back to the queues the work that may fit now: for shapes whose candidate pools freed capacity since the
     * last wake-up, as many as fit; for shapes whose pools started lower-priority work, the one that may preempt it.
     */
    void wake() {
        for (int t = 0; t < quotaReleased.length; t++) {
            if (quotaReleased[t] || roomWithinQuota(t)) {
                quotaReleased[t] = false;
                move(byTeamQuota.get(t), MAX_WAKE_PER_TEAM);
            }
        }
        if (state.freedPools.isEmpty() && state.startedPools.isEmpty()) {
            return;
        }
        double[] shares = new double[state.pending.size()];
        for (int t = 0; t < shares.length; t++) {
            shares[t] = state.fairShare.share(t, state.ledger);
        }
        // The GPUs freed pools have, handed out as shapes wake work, so that shapes competing for the same room do not
        // each wake as much as the room holds. The shapes go in the policy's order of their best parked workload
        // (priority, then fair share for most policies): when several shapes want the same freed room, the team that
        // has had least gets it, rather than whichever shape was parked first.
        long[] budget = new long[state.pools.size()];
        for (int p = state.freedPools.nextSetBit(0); p >= 0; p = state.freedPools.nextSetBit(p + 1)) {
            budget[p] = state.pools.get(p).freeGpus();
        }
        // Only shapes that may fit compete for the budget, so only they need ordering; the others can at most wake a
        // workload that may preempt, whatever the order.
        record Competing(Map.Entry<Shape, List<ParkedQueue>> entry, Job first) {}
        var order = state.policy.order().acrossTeams();
        List<Competing> competing = new ArrayList<>();
        for (var entry : byShape.entrySet()) {
            var priorities = prioritiesOf(entry.getKey());
            if (priorities == null || priorities.isEmpty()) {
                continue;
            }
            if (affordable(entry.getKey(), budget)) {
                competing.add(new Competing(entry, first(entry.getValue(), shares, order)));
            } else if (state.policy.preemption() && touches(entry.getKey(), state.startedPools)) {
                wakePreemptor(entry.getKey(), entry.getValue());
            }
        }
        competing.sort((a, b) -> order.compare(a.first(), b.first()));
        for (Competing c : competing) {
            Shape shape = c.entry().getKey();
            int room = room(shape, budget);
            if (room > 0) {
                int woken = wakeBest(shape, c.entry().getValue(), room, shares, budget);
                spend(shape, budget, (long) woken * shape.gangGpus() * shape.replicas());
            } else if (state.policy.preemption() && touches(shape, state.startedPools)) {
                wakePreemptor(shape, c.entry().getValue());
            }
        }
        state.freedPools.clear();
        state.startedPools.clear();
    }

    /** The pools whose freed room the last wake-up handed out to work it woke. */
    private final java.util.BitSet handedOut = new java.util.BitSet();

    /**
     * At the end of a cycle: pools whose freed room a wake-up handed out but the cycle did not use up count as freed
     * again, so that the next wake-up hands out what is left. (A wake-up estimates: work it woke may have gone
     * elsewhere or not fit, and work of other shapes, left parked, could use the rest; no job ending there later should
     * be needed to wake it. Room nobody was woken for is not handed out again until something changes there.)
     */
    void keepUnusedRoom() {
        for (int p = handedOut.nextSetBit(0); p >= 0; p = handedOut.nextSetBit(p + 1)) {
            if (state.pools.get(p).freeGpus() > 0 && state.healthy(state.pools.get(p))) {
                state.freedPools.set(p);
            }
        }
        handedOut.clear();
    }

    /** The first of the teams' parked workloads of a shape in the policy's order, each with its team's share. */
    private static Job first(List<ParkedQueue> teams, double[] shares, java.util.Comparator<QueueOrder.Queued> order) {
        Job first = null;
        for (int t = 0; t < teams.size(); t++) {
            Job head = teams.get(t) == null ? null : teams.get(t).head();
            if (head != null) {
                head.share = shares[t];
                if (first == null || order.compare(head, first) < 0) {
                    first = head;
                }
            }
        }
        return first;
    }

    /** The shape's parked priorities; null when none of its work was ever parked. */
    private PriorityTally prioritiesOf(Shape shape) {
        return shape.id < parkedPriorities.length ? parkedPriorities[shape.id] : null;
    }

    /** Takes a workload that leaves a shape's parked work out of the shape's priority counts. */
    private void unwoken(Shape shape, Job job) {
        prioritiesOf(shape).add(job.priority(), -1);
    }

    /** Whether some freed pool among the shape's candidates has GPUs left for one gang. */
    private static boolean affordable(Shape shape, long[] budget) {
        for (PoolState pool : shape.candidates()) {
            if (budget[pool.index()] >= shape.gangGpus()) {
                return true;
            }
        }
        return false;
    }

    /** Takes woken work's GPUs out of the budget of the shape's pools, first candidate first. */
    private void spend(Shape shape, long[] budget, long gpus) {
        for (PoolState pool : shape.candidates()) {
            long take = Math.min(budget[pool.index()], gpus);
            budget[pool.index()] -= take;
            gpus -= take;
            if (take > 0) {
                handedOut.set(pool.index());
            }
            if (gpus == 0) {
                return;
            }
        }
    }

    private static boolean touches(Shape shape, java.util.BitSet pools) {
        for (PoolState pool : shape.candidates()) {
            if (pools.get(pool.index())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the team's quota would admit one gang of the shape on the accelerator of some healthy candidate pool
     * with freed room for it: work whose team may use only the other types would wake for nothing and hold the room
     * from others' work.
     */
    private boolean quotaAdmits(int team, Shape shape, long[] budget) {
        for (PoolState pool : shape.candidates()) {
            if (budget[pool.index()] >= shape.gangGpus() && state.healthy(pool) && state.policy.admission()
                    .check(state.ledger, team, state.accelerator(pool), shape.gangGpus()).admitted()) {
                return true;
            }
        }
        return false;
    }

    /** Wakes the shape's highest-priority workload when lower-priority work runs where it could go: it may preempt. */
    private void wakePreemptor(Shape shape, List<ParkedQueue> teams) {
        int top = prioritiesOf(shape).highest();
        Job best = null;
        for (ParkedQueue team : teams) {
            Job head = team == null ? null : team.head();
            if (head != null && head.priority() == top) {
                best = head;
                break;
            }
        }
        if (best != null && best.mayPreemptAt(state.now()) && (state.lowerPriorityRunsIn(shape.candidates(), best.priority())
                || forgotten().hasMovableWork(best))) {
            teams.get(best.team).pollFirst();
            unwoken(shape, best);
            best.parkedFor = null;
            size--;
            state.queueOf(best).add(best);
        }
    }

    /** The displacement rule, told to forget what it worked out before (capacity changed since). */
    private Displacement forgotten() {
        state.displacement.forget();
        return state.displacement;
    }

    /**
     * Wakes the {@code count} best workloads of a shape across teams, in the policy's order (fair share included). The
     * order breaks every tie by arrival, so the best of a few teams' heads is found by looking at each.
     */
    private int wakeBest(Shape shape, List<ParkedQueue> teams, int count, double[] shares, long[] budget) {
        var order = state.policy.order().acrossTeams();
        Job[] heads = new Job[teams.size()];
        int n = 0;
        for (int t = 0; t < teams.size(); t++) {
            ParkedQueue team = teams.get(t);
            Job head = team == null ? null : team.head();
            if (head != null && quotaAdmits(t, shape, budget)) {
                head.share = shares[t];
                heads[n++] = head;
            }
        }
        int woken = 0;
        for (; woken < count && n > 0; woken++) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (order.compare(heads[i], heads[best]) < 0) {
                    best = i;
                }
            }
            Job job = heads[best];
            ParkedQueue team = teams.get(job.team);
            team.pollFirst();
            unwoken(shape, job);
            job.parkedFor = null;
            size--;
            state.queueOf(job).add(job);
            Job next = team.head();
            if (next != null) {
                next.share = job.share;
                heads[best] = next;
            } else {
                heads[best] = heads[--n];
            }
        }
        return woken;
    }

    private void move(TreeSet<Job> from, int count) {
        for (int i = 0; i < count && !from.isEmpty(); i++) {
            Job job = from.pollFirst();
            size--;
            state.queueOf(job).add(job);
        }
    }

    /**
     * How many workloads of the shape the healthy candidate pools that freed capacity could take now (at most
     * {@link #MAX_WAKE_PER_SHAPE} gangs' worth); the shape's work was parked because the other pools had no room for
     * it. A workload needs a gang per replica, and replicas spread over regions need room in each of them.
     */
    private int room(Shape shape, long[] budget) {
        List<String> regions = shape.replicas() > 1 ? shape.regions() : List.of();
        if (regions.isEmpty()) {
            return gangs(shape, budget, null, MAX_WAKE_PER_SHAPE * shape.replicas()) / shape.replicas();
        }
        int room = MAX_WAKE_PER_SHAPE;
        for (int i = 0; i < Math.min(regions.size(), shape.replicas()); i++) {
            int replicasThere = (shape.replicas() - 1 - i) / regions.size() + 1;   // replicas r with r % n == i
            room = Math.min(room, gangs(shape, budget, regions.get(i), MAX_WAKE_PER_SHAPE * replicasThere) / replicasThere);
        }
        return room;
    }

    /**
     * Gangs of the shape (at most {@code cap}) the healthy candidate pools of the region (unless null) could take now:
     * freed pools as far as their budget goes; for work of several replicas, pools that had room already count too (a
     * replica may go where room was left before, with another where room has just freed).
     */
    private int gangs(Shape shape, long[] budget, String region, int cap) {
        int room = 0;
        for (PoolState pool : shape.candidates()) {
            if (room >= cap) {
                break;
            }
            if (!state.healthy(pool) || (region != null && !region.equals(pool.site().cluster().region()))) {
                continue;
            }
            boolean freed = state.freedPools.get(pool.index());
            long affordable = freed ? budget[pool.index()] / shape.gangGpus() : shape.replicas() > 1 ? cap : 0;
            if (affordable > 0) {
                int fits = Gangs.count(pool, shape.nodes(), shape.gpusPerNode(), shape.topology(), cap - room);
                room += (int) Math.min(fits, affordable);
            }
        }
        return room;
    }
}
