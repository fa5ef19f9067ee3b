package dev.quartermaster.engine;

import dev.quartermaster.engine.admission.FairShare;
import dev.quartermaster.engine.admission.QuotaLedger;
import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.Provider;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/** Everything the engine knows, shared by its phases. Confined to the engine's thread. */
final class State {

    final Fleet fleet;
    final Policy policy;
    final InstantSource clock;
    final RandomGenerator random;
    final List<PoolState> pools = new ArrayList<>();
    final Map<PoolRef, PoolState> poolByRef = new HashMap<>();
    /** Work pending or running, by id; ended work leaves for {@link #ended}. */
    final Map<String, Job> jobs = new HashMap<>();
    /** The outcomes of the latest work to end. */
    final EndedWork ended;
    /** What the engine has done, counted ({@link Engine#work}). */
    final Work.Counts work = new Work.Counts();
    final QuotaLedger ledger;
    final FairShare fairShare;
    /** Pending jobs per team, in the policy's order within a team. */
    final List<TreeSet<Job>> pending = new ArrayList<>();
    final Set<String> unhealthyClusters = new HashSet<>();
    /** GPUs committed by active contracts, per pool index. */
    final int[] committed;
    final Map<String, Contract> contracts = new LinkedHashMap<>();
    final Set<String> activeContracts = new HashSet<>();
    /** Pending jobs set aside until room or quota frees up; pending jobs are in a queue or here, never both. */
    final ParkedWork parked;
    /**
     * The last cycle's backfill reservation. It stays good while its workload is the first that does not fit: work
     * started since cannot delay it (backfill saw to that), and work that ended early only makes it conservative.
     */
    Reservation lastReservation;
    /** The heterogeneity-aware allocation, when the policy uses one ({@link #allocating}). */
    final Allocations allocations;
    /** Whether the policy scores by the heterogeneity-aware allocation, which every cycle then recomputes. */
    final boolean allocating;
    /** Per pool, GPUs held by running jobs of each priority: whether, and how much, preemption could free. */
    final List<PriorityTally> runningPriorities = new ArrayList<>();
    /** One instance per shape of work met. */
    final Shape.Interned shapes = new Shape.Interned();

    /** How many jobs run: they are in the pools' {@link #rosters}, gathered by {@link #runningInStartOrder}. */
    int runningCount;
    long arrivals;
    int pendingCount;

    State(Fleet fleet, Policy policy, InstantSource clock, RandomGenerator random, Duration fairShareHalfLife, int endedKept) {
        this.ended = new EndedWork(endedKept);
        this.fleet = fleet;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        for (Site site : fleet.sites()) {
            PoolState pool = new PoolState(pools.size(), site);
            pools.add(pool);
            poolByRef.put(site.ref(), pool);
            runningPriorities.add(new PriorityTally());
            runningByShape.add(new ShapeCounts());
            rosters.add(new Roster(pool));
            onNode.add(new NodeJobs(site.pool().nodes()));
            endingIn.add(new Endings());
        }
        this.ledger = new QuotaLedger(fleet);
        this.acceleratorOfPool = pools.stream().mapToInt(p -> ledger.accelerator(p.site().pool().accelerator())).toArray();
        for (int t = 0; t < fleet.teams().size(); t++) {
            pending.add(new TreeSet<>(policy.order().withinTeam()::compare));
        }
        double[] weights = fleet.teams().stream().mapToDouble(t -> t.weight()).toArray();
        double[] capacity = new double[fleet.accelerators().size()];
        for (PoolState pool : pools) {
            capacity[ledger.accelerator(pool.site().pool().accelerator())] += pool.site().pool().gpus();
        }
        this.fairShare = new FairShare(fairShareHalfLife, weights, capacity, clock.instant());
        this.parked = new ParkedWork(this);
        this.displacement = new Displacement(this);
        this.allocations = new Allocations(this);
        this.allocating = policy.uses("hetero");
        this.committed = new int[pools.size()];
        var today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        for (Provider provider : fleet.providers()) {
            for (Contract contract : provider.contracts()) {
                contracts.put(contract.name(), contract);
                if (contract.isActiveOn(today)) {
                    setContractActive(contract.name(), true);
                }
            }
        }
    }

    /** The quota ledger's index of each pool's accelerator type, by pool index. */
    private final int[] acceleratorOfPool;

    int accelerator(PoolState pool) {
        return acceleratorOfPool[pool.index()];
    }

    Instant now() {
        return clock.instant();
    }

    void setContractActive(String name, boolean active) {
        Contract contract = contracts.get(name);
        if (contract == null || activeContracts.contains(name) == active) {
            return;
        }
        if (active) {
            activeContracts.add(name);
        } else {
            activeContracts.remove(name);
        }
        committed[poolByRef.get(contract.pool()).index()] += active ? contract.gpus() : -contract.gpus();
    }

    boolean healthy(PoolState pool) {
        return unhealthyClusters.isEmpty() || !unhealthyClusters.contains(pool.site().cluster().name());
    }

    /** GPUs of a pool that running work holds. */
    long usedGpus(PoolState pool) {
        return pool.upGpus() - pool.freeGpus();
    }

    /** Pools where capacity was freed since the last wake-up of parked work. */
    final java.util.BitSet freedPools = new java.util.BitSet();
    /** Pools where work started since the last wake-up of parked work (new possible victims). */
    final java.util.BitSet startedPools = new java.util.BitSet();

    /** The jobs running in a pool (a multi-replica job may be in several), by priority, then in start order. */
    List<Job> runningIn(PoolState pool) {
        Roster roster = rosters.get(pool.index());
        List<Job> jobs = new ArrayList<>(roster.size());
        for (int r = 0; r < roster.size(); r++) {
            jobs.add(roster.job(r));
        }
        jobs.sort(java.util.Comparator.comparingInt(Job::priority).thenComparingLong(j -> j.startSequence));
        return jobs;
    }

    /**
     * Every running job, in the order they started: gathered from the rosters (a job that runs in several pools is in
     * each) when a search needs them all, which is rare, rather than kept in order on every start and end.
     */
    List<Job> runningInStartOrder() {
        List<Job> all = new ArrayList<>(runningCount);
        for (Roster roster : rosters) {
            for (int r = 0; r < roster.size(); r++) {
                all.add(roster.job(r));
            }
        }
        all.sort(java.util.Comparator.comparingLong(j -> j.startSequence));
        List<Job> once = new ArrayList<>(all.size());
        for (Job job : all) {
            if (once.isEmpty() || once.get(once.size() - 1) != job) {
                once.add(job);
            }
        }
        return once;
    }

    /** Per pool, the running jobs: where preemption looks for victims. */
    final List<Roster> rosters = new ArrayList<>();
    /** Jobs started so far: {@link Job#startSequence}. */
    long starts;

    /** The job saved its progress now (an explicit checkpoint). */
    void checkpointed(Job job) {
        job.checkpointed(now());
        for (Selection s : job.selections) {
            rosters.get(s.pool().index()).checkpointed(job);
        }
    }

    /** Per pool, running jobs with a known end, soonest first: where backfill looks for its reservation. */
    final List<Endings> endingIn = new ArrayList<>();

    /** Per pool, the running jobs on each node, in start order: who a node failure stops. */
    final List<NodeJobs> onNode = new ArrayList<>();

    /** The running jobs on a node, in start order; empty when none. */
    java.util.Collection<Job> jobsOn(PoolState pool, int node) {
        return onNode.get(pool.index()).on(node);
    }

    private void indexNodes(Job job, PoolState pool, boolean add) {
        NodeJobs nodes = onNode.get(pool.index());
        for (var s : job.selections) {
            if (s.pool() != pool) {
                continue;
            }
            for (int node : s.nodes()) {
                if (add) {
                    nodes.add(node, job);   // a service's replicas on one node: once
                } else {
                    nodes.remove(node, job);
                }
            }
        }
    }

    /** The GPUs the job's gangs hold in each block of the pool. */
    private static int[] gpusByBlock(Job job, PoolState pool) {
        int[] gpus = new int[pool.blocks()];
        for (Selection s : job.selections) {
            if (s.pool() == pool) {
                for (int node : s.nodes()) {
                    int b = pool.blockOf(node);
                    if (b >= gpus.length) {
                        gpus = java.util.Arrays.copyOf(gpus, b + 1);
                    }
                    gpus[b] += s.gpusPerNode();
                }
            }
        }
        return gpus;
    }

    void addRunning(Job job, PoolState pool, int gpus) {
        indexNodes(job, pool, true);
        boolean first = rosters.get(pool.index()).add(job);
        if (first) {   // once per pool, however many of its gangs run there
            if (job.expectedEndMillis != Long.MAX_VALUE) {
                endingIn.get(pool.index()).add(job, gpusByBlock(job, pool));
            }
            runningByShape.get(pool.index()).add(job.shape(), 1);
        }
        runningPriorities.get(pool.index()).add(job.priority(), gpus);
        startedPools.set(pool.index());
    }

    void removeRunning(Job job, PoolState pool, int gpus) {
        indexNodes(job, pool, false);
        if (rosters.get(pool.index()).remove(job)) {   // once per pool, as added
            runningByShape.get(pool.index()).add(job.shape(), -1);
            endingIn.get(pool.index()).remove(job, gpusByBlock(job, pool));
        }
        runningPriorities.get(pool.index()).add(job.priority(), -gpus);
        freedPools.set(pool.index());
    }

    /** A job has ended (its final state set): forgotten, but for its outcome. */
    void ended(Job job) {
        jobs.remove(job.id);
        ended.add(job);
    }

    /** Restricted work's claim on the certified pools (see {@link Displacement}). */
    final Displacement displacement;

    /** Per pool, how many running jobs have each shape: whether work runs there that could run elsewhere too. */
    final List<ShapeCounts> runningByShape = new ArrayList<>();

    /** Whether some running job in one of the pools has a priority below {@code priority}. */
    boolean lowerPriorityRunsIn(PoolState[] pools, int priority) {
        for (PoolState pool : pools) {
            if (lowerPriorityRunsIn(pool, priority)) {
                return true;
            }
        }
        return false;
    }

    boolean lowerPriorityRunsIn(PoolState pool, int priority) {
        var priorities = runningPriorities.get(pool.index());
        return !priorities.isEmpty() && priorities.lowest() < priority;
    }

    /** GPUs that are free or held by work of lower priority than {@code priority} in a pool. */
    long freeOrPreemptible(PoolState pool, int priority) {
        return pool.freeGpus() + runningPriorities.get(pool.index()).below(priority);
    }

    TreeSet<Job> queueOf(Job job) {
        return pending.get(job.team);
    }
}
