package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.engine.policy.VictimOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Makes room for a workload by stopping others: running work of lower priority, work of the same priority that may
 * move out of the certified pools restricted work needs ({@link Displacement}), and work that borrows quota the
 * workload's team lent (lenders reclaim). Victims are chosen to lose the least work (GPUs x time since their last
 * checkpoint): for one gang that lacks room, the candidates on the nodes of the cheapest room ({@link CheapestRoom});
 * otherwise (replicas across pools, quota to reclaim) the cheapest prefix of candidates that makes the workload fit,
 * found by bisection. Then victims it does not need are spared. Nobody is stopped unless the workload then fits.
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
                            && withinNominal(job, a)) {
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
        WhatIf whatIf = new WhatIf(state.ledger);
        WhatIf quota = new WhatIf(state.ledger);
        try {
            List<Job> victims = search(job, whatIf);
            if (victims == null) {
                victims = withOwnQuotaFreed(job, quota, whatIf);
            }
            if (victims == null) {
                job.preemptionLimit = quotaLimit(job);
                return false;
            }
            List<Job> forQuota = List.copyOf(quota.evicted());
            whatIf.undo();
            quota.undo();
            for (Job victim : victims) {
                String why = forQuota.contains(victim)
                        ? "priority " + victim.priority() + " < " + job.priority() + ", and team "
                                + state.ledger.teamName(job.team) + " stops its own lesser work to stay within its nominal quota"
                        : victim.priority() < job.priority()
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
            quota.undo();
        }
    }

    /**
     * The least costly victims that make the job fit, evicted in {@code whatIf} (null, nothing evicted, when none do):
     * what the job lacks is what the placer's last try of it found.
     */
    private List<Job> search(Job job, WhatIf whatIf) {
        long millis = state.now().toEpochMilli();
        boolean reclaiming = mayReclaim(job);
        boolean mayDisplace = state.displacement.mayDisplace(job);
        List<PoolState> pools = pools(job, reclaiming, mayDisplace);
        Comparator<VictimOrder.Victim> order = victimOrder(reclaiming);
        // What the job lacks, as its last placement found: the tries below change what the placer says.
        boolean lacksQuota = placer.lastBlock() == Placer.Block.QUOTA || placer.lastBlock() == Placer.Block.RECLAIM;
        List<Job> victims;
        if (job.workload.replicas() == 1 && placer.lastBlock() == Placer.Block.CAPACITY && CheapestRoom.handles(pools)) {
            // Room is what one gang lacks: worked out per node, without trying placements, reading only the
            // candidates on nodes that could give room.
            Eligible eligible = eligible(job, pools, reclaiming, mayDisplace, !reclaiming, false);
            int[] useful = CheapestRoom.useful(job, pools, eligible.footprints, scratch);
            if (useful == null) {
                return null;
            }
            Candidates near = eligible.candidates(useful, millis);
            victims = CheapestRoom.victims(job, pools, near.jobs, near.costs, near.footprints, candidateOrder(near, order),
                    scratch);
            if (victims == null) {
                return null;
            }
            whatIf.evictAll(victims);
            if (placer.find(job) == null) {   // room made where the team's quota refuses the type, say
                whatIf.undo();
                Candidates all = eligible(job, pools, reclaiming, mayDisplace, false, false).candidates(null, millis);
                victims = shortestPrefix(job, all, order, whatIf);
            }
        } else {
            Candidates all = eligible(job, pools, reclaiming, mayDisplace, false, lacksQuota).candidates(null, millis);
            if (all.jobs.isEmpty()) {
                return null;
            }
            victims = shortestPrefix(job, all, order, whatIf);
        }
        if (victims == null) {
            whatIf.undo();
            return null;
        }
        spareOutside(job, victims, whatIf);
        prune(job, victims, whatIf);
        return victims;
    }

    /**
     * For a job whose team would go over its nominal quota of a type it may not borrow, and that lacks room too: its
     * team's own lower-priority work of that type (anywhere) stopped, cheapest first, until the team is within its
     * nominal quota, then the room made as {@link #search} would, now that the team may stop others' lower-priority
     * work; then the own work the room's victims made unneeded (they may free the team's quota too) is spared. Evicted
     * in {@code quota} and {@code room}; the victims of both, or null. Work that would borrow still never stops another
     * team's: the team stays within its nominal quota with the victims stopped, the job must land on the type whose
     * quota they freed, and a team that may borrow the type is left out (its stopped work could come back borrowing,
     * and the lender reclaim from the job, cycle after cycle).
     */
    private List<Job> withOwnQuotaFreed(Job job, WhatIf quota, WhatIf room) {
        for (int a : typesOf(job)) {
            if (withinNominal(job, a) || state.ledger.mayBorrow(job.team, a) || !stopOwnUntilWithinNominal(job, a, quota)) {
                continue;
            }
            Placer.Plan plan = placer.find(job);
            List<Job> forRoom = List.of();
            if (plan == null) {
                state.displacement.forget();   // what fits elsewhere changed with the work stopped
                stoppedForQuota = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                stoppedForQuota.addAll(quota.evicted());
                try {
                    forRoom = search(job, room);
                } finally {
                    stoppedForQuota = null;
                }
                plan = forRoom == null ? null : placer.find(job);
            }
            if (plan != null && landsOn(plan, a)) {
                spareUnneeded(job, a, quota);
                List<Job> victims = new ArrayList<>(quota.evicted());
                victims.addAll(forRoom);
                return victims;
            }
            room.undo();
            quota.undo();
        }
        return null;
    }

    /**
     * The types whose nominal quota the job would take its team beyond, where it may stop only its own team's work,
     * in words ("team t would exceed its nominal quota of H100 (8/8 in use)"); null when there are none.
     */
    private String quotaLimit(Job job) {
        List<String> beyond = new ArrayList<>();
        for (int a : typesOf(job)) {
            if (!withinNominal(job, a)) {
                beyond.add(state.ledger.acceleratorName(a) + " (" + state.ledger.used(job.team, a) + "/"
                        + state.ledger.quota(job.team, a).nominal() + " in use)");
            }
        }
        return beyond.isEmpty() ? null : "team " + state.ledger.teamName(job.team) + " would exceed its nominal quota of "
                + String.join(", ", beyond) + ", beyond which it may stop only its own team's lesser work";
    }

    /** Whether the job fits within its team's nominal quota of the type, as things stand. */
    private boolean withinNominal(Job job, int accelerator) {
        return state.ledger.used(job.team, accelerator) + job.gpus() <= state.ledger.quota(job.team, accelerator).nominal();
    }

    /**
     * Spares the own work stopped for quota, costliest first, where the job still fits on the type and within the
     * team's nominal quota without stopping it.
     */
    private void spareUnneeded(Job job, int accelerator, WhatIf quota) {
        quota.spareWhere(() -> {
            Placer.Plan plan = withinNominal(job, accelerator) ? placer.find(job) : null;
            return plan != null && landsOn(plan, accelerator);
        });
    }

    /** The accelerator types of the job's pools, each once, in the pools' order. */
    private int[] typesOf(Job job) {
        int[] types = new int[job.candidates.length];
        int n = 0;
        for (PoolState pool : job.candidates) {
            int a = state.accelerator(pool);
            boolean seen = false;
            for (int i = 0; i < n && !seen; i++) {
                seen = types[i] == a;
            }
            if (!seen) {
                types[n++] = a;
            }
        }
        return java.util.Arrays.copyOf(types, n);
    }

    private static boolean landsOn(Placer.Plan plan, int accelerator) {
        for (int a : plan.accelerators()) {
            if (a != accelerator) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops (in {@code quota}) the team's running work of lower priority than the job on the type, cheapest first,
     * until the job fits within the team's nominal quota of it; then spares what it can, costliest first. False, with
     * nothing evicted, when even all of it would not do.
     */
    private boolean stopOwnUntilWithinNominal(Job job, int accelerator, WhatIf quota) {
        long now = state.now().toEpochMilli();
        Candidates own = new Candidates(8);
        for (Job running : state.runningInStartOrder()) {
            if (running.team == job.team && running.priority() < job.priority() && runsOn(running, accelerator)) {
                own.add(running, new VictimOrder.Victim(running.lossIfStopped(now), running.priority(), running.arrival),
                        null);
            }
        }
        List<Job> ordered = new SortedOnDemand<>(own.jobs, candidateOrder(own, victimOrder(false)));
        for (int i = 0; i < ordered.size() && !withinNominal(job, accelerator); i++) {
            quota.evict(ordered.get(i));
        }
        if (!withinNominal(job, accelerator)) {
            quota.undo();
            return false;
        }
        quota.spareWhere(() -> withinNominal(job, accelerator));
        return true;
    }

    private static boolean runsOn(Job running, int accelerator) {
        for (int a : running.acceleratorOfSelection) {
            if (a == accelerator) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fewest cheapest candidates that make the job fit, found by trying placements, evicted in {@code whatIf}; null
     * when even all of them do not (checked first, on {@code found}, so that a failing search sorts nothing). For work
     * that room in one pool does not settle: replicas across pools, quota to reclaim.
     */
    private List<Job> shortestPrefix(Job job, Candidates found, Comparator<VictimOrder.Victim> order, WhatIf whatIf) {
        whatIf.evictAll(found.jobs);
        if (placer.find(job) == null) {
            return null;
        }
        whatIf.undo();
        List<Job> candidates = new SortedOnDemand<>(found.jobs, candidateOrder(found, order));
        // Double the prefix until it fits (most searches need a few victims), then halve the gap. Room only grows
        // with the prefix, so this finds the shortest one.
        int failed = 0;
        int high = 1;
        while (true) {
            high = Math.min(high, candidates.size());
            whatIf.evictUpTo(candidates, high);
            if (high == candidates.size() || placer.find(job) != null) {
                break;
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
        return new ArrayList<>(candidates.subList(0, high));
    }

    /** The victims a search may stop, what stopping each costs, and the nodes each holds, in the order found. */
    private record Candidates(List<Job> jobs, List<VictimOrder.Victim> costs, List<long[]> footprints) {
        Candidates(int capacity) {
            this(new ArrayList<>(capacity), new ArrayList<>(capacity), new ArrayList<>(capacity));
        }

        void add(Job job, VictimOrder.Victim cost, long[] footprint) {
            jobs.add(job);
            costs.add(cost);
            footprints.add(footprint);
        }
    }

    /**
     * The roster rows of the victims a search may stop, in the order found, with the nodes each holds: what a search
     * reads of every one. What stopping one costs is worked out only for those the search goes on with.
     */
    private final class Eligible {
        final Job job;
        /** Whether the job lacks quota rather than room: then its cohort's work outside its pools may give way too. */
        final boolean lacksQuota;
        int size;
        int[] pools;
        int[] rows;
        final List<long[]> footprints;

        Eligible(Job job, int capacity, boolean lacksQuota) {
            this.job = job;
            this.lacksQuota = lacksQuota;
            this.pools = new int[Math.max(1, capacity)];
            this.rows = new int[pools.length];
            this.footprints = new ArrayList<>(capacity);
        }

        void add(int pool, int row, long[] footprint) {
            if (size == pools.length) {
                pools = java.util.Arrays.copyOf(pools, 2 * size);
                rows = java.util.Arrays.copyOf(rows, 2 * size);
            }
            pools[size] = pool;
            rows[size++] = row;
            footprints.add(footprint);
        }

        /**
         * The candidates {@code which} names (indices, in increasing order), costed at {@code now} (epoch ms); all of
         * them when null, and then, when the job's team lacks quota rather than room, its cohort's work that runs
         * outside the job's pools.
         */
        Candidates candidates(int[] which, long now) {
            int n = which == null ? size : which.length;
            Candidates found = new Candidates(n);
            for (int k = 0; k < n; k++) {
                int i = which == null ? k : which[k];
                Roster roster = state.rosters.get(pools[i]);
                int r = rows[i];
                found.add(roster.job(r), new VictimOrder.Victim(roster.loss(r, now), roster.priority(r),
                        roster.arrival(r)), footprints.get(i));
            }
            if (which == null && lacksQuota) {
                Set<Job> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                seen.addAll(found.jobs());
                for (Job running : state.runningInStartOrder()) {
                    if (state.ledger.sameCohort(running.team, job.team) && !seen.contains(running) && mayPreempt(job, running)) {
                        found.add(running, new VictimOrder.Victim(running.lossIfStopped(now), running.priority(),
                                running.arrival), running.footprint());
                    }
                }
            }
            return found;
        }
    }

    /**
     * The job's pools where stopping others could make room: healthy, with enough GPUs free or held by lower-priority
     * work (and equal-priority work that could run elsewhere, for restricted work); all healthy ones when reclaiming.
     */
    private List<PoolState> pools(Job job, boolean reclaiming, boolean mayDisplace) {
        List<PoolState> pools = new ArrayList<>();
        for (PoolState pool : job.candidates) {
            if (state.healthy(pool) && (reclaiming || state.freeOrPreemptible(pool, below(job, pool, mayDisplace))
                    >= job.workload.gpus())) {
                pools.add(pool);
            }
        }
        return pools;
    }

    /** The priority below which work in the pool may give way to the job (its own, when it may displace work there). */
    private int below(Job job, PoolState pool, boolean mayDisplace) {
        return mayDisplace && state.displacement.movableWorkIn(pool, job) ? job.priority() + 1 : job.priority();
    }

    /**
     * Victims it could stop in {@code pools}: lower-priority work, work it may displace, borrowers it may reclaim from.
     * Read from the pools' rosters, going to a job itself only where its row cannot tell. (Borrowers outside its pools,
     * when quota rather than room is what the job lacks, come with {@link Eligible#candidates}.)
     *
     * <p>With {@code nearRoom} (a one-gang job that lacks room and does not reclaim), only the work on nodes where
     * stopping all work below the priority that may give way to it could give its gang room
     * ({@link CheapestRoom#nodesThatMayGiveRoom}): a superset of the candidates {@link CheapestRoom#useful} keeps. Where
     * few nodes of a pool could, their work is found through the nodes; where many could, reading every row is cheaper.
     */
    private Eligible eligible(Job job, List<PoolState> pools, boolean reclaiming, boolean mayDisplace, boolean nearRoom,
            boolean lacksQuota) {
        int search = ++searches;
        int rows = 0;
        for (PoolState pool : pools) {
            rows += state.rosters.get(pool.index()).size();
        }
        Eligible found = new Eligible(job, nearRoom ? Math.min(rows, 64) : rows, lacksQuota);
        for (PoolState pool : pools) {
            int below = below(job, pool, mayDisplace);
            Roster roster = state.rosters.get(pool.index());
            int[] nodes = null;
            if (nearRoom) {
                held = roster.heldBelow(below, held);
                nodes = CheapestRoom.nodesThatMayGiveRoom(job, pool, held, scratch);
            }
            if (nodes != null && nodes.length * 3 <= pool.nodes()) {
                NodeJobs on = state.onNode.get(pool.index());
                for (int node : nodes) {
                    for (int i = 0; i < on.count(node); i++) {
                        Job running = on.job(node, i);
                        int r = running.row(pool);
                        if (roster.priority(r) < below && mayPreempt(job, roster, r, mayDisplace) && firstSeen(running, search)) {
                            found.add(pool.index(), r, roster.footprint(r));
                        }
                    }
                }
                continue;
            }
            for (int r = 0; r < roster.size(); r++) {
                if ((reclaiming || roster.priority(r) < below) && mayPreempt(job, roster, r, mayDisplace)
                        && (!roster.spans(r) || firstSeen(roster.job(r), search))) {
                    found.add(pool.index(), r, roster.footprint(r));
                }
            }
        }
        return found;
    }

    /** Whether a search meets the job for the first time (a job in several of its pools is one candidate). */
    private static boolean firstSeen(Job running, int search) {
        if (running.seenInSearch == search) {
            return false;
        }
        running.seenInSearch = search;
        return true;
    }

    /**
     * The policy's victim order; when the job's team reclaims quota it lent, lowest priority first (as Kueue orders
     * candidates): a borrower's most important work, stopped to give the quota back, would be back within its team's
     * quota and stop the lender's work in turn, cycle after cycle, while the team's least important work, stopped,
     * can come back only by borrowing again.
     */
    private Comparator<VictimOrder.Victim> victimOrder(boolean reclaiming) {
        Comparator<VictimOrder.Victim> order = state.policy.victims().order();
        return reclaiming ? VictimOrder.lowestPriorityFirst(order) : order;
    }

    /**
     * The order of the candidates (by index in {@code found}): the victim order, and among its equals the lower priority
     * first, then the earlier started, so that a victim order that ties (a policy's own) still stops the least
     * important work.
     */
    private static IndexHeap.Order candidateOrder(Candidates candidates, Comparator<VictimOrder.Victim> order) {
        List<Job> found = candidates.jobs;
        List<VictimOrder.Victim> costs = candidates.costs;
        return (a, b) -> {
            VictimOrder.Victim x = costs.get(a);
            VictimOrder.Victim y = costs.get(b);
            int c = order.compare(x, y);
            if (c == 0) {
                c = Integer.compare(x.priority(), y.priority());
            }
            if (c == 0) {
                c = Long.compare(found.get(a).startSequence, found.get(b).startSequence);
            }
            return c < 0 || (c == 0 && a < b);
        };
    }

    /** Per node of a pool, GPUs held below a priority: a search's scratch, kept from one to the next. */
    private int[] held = new int[0];

    /** The per-node tallies of {@link CheapestRoom}, kept from one search to the next. */
    private final CheapestRoom.Scratch scratch = new CheapestRoom.Scratch();

    /** While a search runs with the team's own work stopped to free its quota: that work, not a candidate again. */
    private Set<Job> stoppedForQuota;

    /** Searches so far: each marks the jobs it took, so a job running in several of the pools is counted once. */
    private int searches;

    /**
     * Lower priority, or borrowing quota that the job's team may reclaim (the job stays within its nominal quota).
     * A job that would itself borrow may preempt only its own team's work, never another team's (Kueue's default):
     * otherwise a borrower and a lender take the same GPUs from each other, cycle after cycle.
     */
    boolean mayPreempt(Job job, Job running) {
        if (running == job || running.state != WorkloadState.RUNNING
                || (stoppedForQuota != null && stoppedForQuota.contains(running))) {
            return false;
        }
        if (state.displacement.displaces(job, running)) {
            return true;
        }
        for (int a : running.acceleratorOfSelection) {
            if (mayPreempt(job, running.team, running.priority(), a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #mayPreempt(Job, Job)} for a roster's row, from the row alone unless the row's job runs on several
     * accelerator types. ({@code mayDisplace}: the job's data is restricted, so work of its priority may give way.)
     */
    private boolean mayPreempt(Job job, Roster roster, int r, boolean mayDisplace) {
        if (stoppedForQuota != null && stoppedForQuota.contains(roster.job(r))) {
            return false;
        }
        if (roster.accelerator(r) < 0) {
            return mayPreempt(job, roster.job(r));
        }
        if (mayDisplace && roster.priority(r) == job.priority() && state.displacement.movable(roster.shape(r), job)) {
            return true;
        }
        return mayPreempt(job, roster.team(r), roster.priority(r), roster.accelerator(r));
    }

    /** The quota rules of {@link #mayPreempt(Job, Job)} for running work of a team and priority on one accelerator type. */
    private boolean mayPreempt(Job job, int team, int priority, int accelerator) {
        if (team == job.team) {
            return priority < job.priority();
        }
        boolean cohort = state.ledger.sameCohort(team, job.team);
        if (!cohort && priority >= job.priority()) {
            return false;
        }
        return withinNominal(job, accelerator) && (priority < job.priority() || (cohort && state.ledger.isBorrowing(team, accelerator)));
    }

    /**
     * Spares every victim that holds no GPU on the nodes the job would land on: the cheapest prefix of candidates spans
     * pools and nodes, but only the room on the landing nodes is used. (When quota, not room, needed them, it keeps them.)
     */
    private void spareOutside(Job job, List<Job> victims, WhatIf whatIf) {
        List<Selection> landing = placer.find(job).selections();
        List<Job> outside = new ArrayList<>();
        for (Job victim : victims) {
            if (!overlaps(victim.selections, landing)) {
                outside.add(victim);
            }
        }
        if (outside.isEmpty()) {
            return;
        }
        Set<Job> spared = whatIf.restoreAll(outside);
        if (placer.find(job) != null) {
            victims.removeIf(spared::contains);
        } else {
            for (Job victim : outside) {
                whatIf.evict(victim);
            }
        }
    }

    /** Whether two sets of selections share a node of a pool. */
    private static boolean overlaps(List<Selection> held, List<Selection> landing) {
        for (Selection h : held) {
            for (Selection s : landing) {
                if (h.pool() == s.pool() && sharesNode(h.nodes(), s.nodes())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sharesNode(int[] a, int[] b) {
        if (a.length > b.length) {
            return sharesNode(b, a);
        }
        if (b.length > 16) {
            java.util.BitSet nodes = new java.util.BitSet();
            for (int node : b) {
                nodes.set(node);
            }
            for (int node : a) {
                if (nodes.get(node)) {
                    return true;
                }
            }
            return false;
        }
        for (int x : a) {
            for (int y : b) {
                if (x == y) {
                    return true;
                }
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
}
