package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.engine.policy.Filter;
import dev.quartermaster.engine.policy.Filters;
import dev.quartermaster.engine.policy.Offer;
import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.Violation;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The scheduling engine: a pure, deterministic state machine. {@link #apply(Event)} takes one event and returns the
 * decisions it leads to; nothing else changes its state. It reads time only from the injected clock and randomness
 * only from the injected source, so the same events at the same times give the same decisions, byte for byte. The
 * server and the simulator drive this same code.
 *
 * <p>Not thread-safe: one thread owns an engine.
 */
public final class Engine {

    public static final Duration DEFAULT_FAIR_SHARE_HALF_LIFE = Duration.ofDays(7);

    private final State state;
    private final Placer placer;
    private final SchedulingCycle cycle;
    /** Whether a workload could ever run here, and where: worked out once per kind of workload. */
    private final Admissibility admissibility;

    public Engine(Fleet fleet, Policy policy, InstantSource clock, RandomGenerator random) {
        this(fleet, policy, clock, random, DEFAULT_FAIR_SHARE_HALF_LIFE);
    }

    public Engine(Fleet fleet, Policy policy, InstantSource clock, RandomGenerator random, Duration fairShareHalfLife) {
        this(fleet, policy, clock, random, fairShareHalfLife, EndedWork.KEPT);
    }

    /**
     * An engine that tells the outcome of the latest {@code endedKept} workloads to end (state, verdict, preemptions,
     * lost work), {@value EndedWork#KEPT} with the other constructors. A simulation, which reads each outcome as the
     * work ends, keeps few; a server, asked about work long after it ended, keeps many.
     */
    public Engine(Fleet fleet, Policy policy, InstantSource clock, RandomGenerator random, Duration fairShareHalfLife,
            int endedKept) {
        this.state = new State(fleet, policy, clock, random, fairShareHalfLife, endedKept);
        this.placer = new Placer(state);
        this.cycle = new SchedulingCycle(state, placer, this);
        this.admissibility = new Admissibility(state);
    }

    public Fleet fleet() {
        return state.fleet;
    }

    public Policy policy() {
        return state.policy;
    }

    /** Applies one event; returns the decisions, in the order they are to be carried out. */
    public List<Decision> apply(Event event) {
        List<Decision> out = new ArrayList<>();
        switch (event) {
            case Event.Submitted e -> submit(e.id(), e.workload(), out);
            case Event.Adopted e -> adopt(e, out);
            case Event.Cancelled e -> end(e.id(), WorkloadState.CANCELLED);
            case Event.Finished e -> end(e.id(), WorkloadState.SUCCEEDED);
            case Event.Failed e -> end(e.id(), WorkloadState.FAILED);
            case Event.CheckpointTaken e -> checkpoint(e.id());
            case Event.Lost e -> {
                Job job = state.jobs.get(e.id());
                if (job != null && job.state == WorkloadState.RUNNING) {
                    requeue(job, e.reason(), out);
                }
            }
            case Event.NodeDown e -> poolWithNode(e.pool(), e.node()).ifPresent(p -> {
                evictFrom(p, e.node(), "node " + e.node() + " of " + p.ref() + " went down", out);
                p.setDown(e.node(), true);
            });
            case Event.NodeUp e -> poolWithNode(e.pool(), e.node()).ifPresent(p -> {
                p.setDown(e.node(), false);
                state.freedPools.set(p.index());
            });
            case Event.SpotInterrupted e -> poolWithNode(e.pool(), e.node()).ifPresent(
                    p -> evictFrom(p, e.node(), "spot interruption of node " + e.node() + " of " + p.ref(), out));
            case Event.PoolResized e -> pool(e.pool()).ifPresent(p -> resize(p, e.nodes(), out));
            case Event.ClusterHealth e -> clusterHealth(e.cluster(), e.healthy(), out);
            case Event.ContractStarted e -> state.setContractActive(e.contract(), true);
            case Event.ContractEnded e -> state.setContractActive(e.contract(), false);
            case Event.UsageCarried e -> carry(e.history());
            case Event.Tick e -> cycle.run(out);
        }
        return out;
    }

    private Optional<PoolState> pool(PoolRef ref) {
        return Optional.ofNullable(state.poolByRef.get(ref));
    }

    /** The pool, when it has that node; events about unknown pools or nodes change nothing. */
    private Optional<PoolState> poolWithNode(PoolRef ref, int node) {
        return pool(ref).filter(p -> node >= 0 && node < p.nodes());
    }

    // --- submission ---

    private static IllegalArgumentException known(String id) {
        return new IllegalArgumentException("workload id " + id + " is already known to the engine");
    }

    private void submit(String id, Workload workload, List<Decision> out) {
        if (state.ended.get(id) != null) {
            throw known(id);
        }
        Admissibility.Admissible admissible = admissibility.of(workload);
        List<Violation> violations = admissible.violations();
        int team = state.ledger.team(workload.team());
        PoolState[] candidates = admissible.candidates();
        Job job = new Job(id, workload, state.arrivals++, team, candidates);
        job.shape = admissible.shape();
        if (state.jobs.putIfAbsent(id, job) != null) {
            state.arrivals--;   // as if never seen: the job just made is dropped
            throw known(id);
        }
        if (violations.isEmpty() && candidates.length == 0) {
            violations = List.of(new Violation("accelerators", "no pool of the fleet passes every filter: "
                    + String.join("; ", admissibility.filterReasons(workload))));
        }
        if (!violations.isEmpty()) {
            job.state = WorkloadState.REJECTED;
            job.verdict = new Verdict.Invalid(violations);
            out.add(new Decision.Reject(id, job.verdict));
            state.ended(job);
            return;
        }
        enqueue(job);
    }

    private void enqueue(Job job) {
        job.state = WorkloadState.PENDING;
        state.queueOf(job).add(job);
        state.pendingCount++;
    }

    /** Takes running work as it is; when its placements no longer fit the fleet, it is pending with a Requeue. */
    private void adopt(Event.Adopted e, List<Decision> out) {
        int before = out.size();
        submit(e.id(), e.workload(), out);
        Job job = state.jobs.get(e.id());
        if (out.size() > before || job.state != WorkloadState.PENDING) {
            return;   // rejected
        }
        String problem = e.placements().isEmpty() ? "it has no placement" : null;
        List<Selection> selections = new ArrayList<>();
        List<Offer> offers = new ArrayList<>();
        int[] accelerators = new int[e.placements().size()];
        for (int r = 0; r < e.placements().size() && problem == null; r++) {
            Placement p = e.placements().get(r);
            PoolState pool = state.poolByRef.get(p.pool());
            problem = pool == null ? "pool " + p.pool() + " is no longer in the fleet" : forbidden(e.workload(), pool);
            problem = problem != null ? problem : unavailable(pool, p, selections);
            if (problem == null) {
                int[] nodes = p.nodes().stream().mapToInt(Integer::intValue).toArray();
                Selection selection = new Selection(pool, p.block(), nodes, p.gpusPerNode());
                selections.add(selection);
                offers.add(new Offer(e.workload(), pool.site(), selection, p.speed(), p.pricePerGpuHour(), p.priceBasis(), 0, 0));
                accelerators[r] = state.accelerator(pool);
            }
        }
        if (problem != null) {
            out.add(new Decision.Requeue(e.id(), "cannot be taken as running: " + problem));
            return;
        }
        start(job, new Placer.Plan(selections, offers, accelerators));
    }

    /**
     * Why the workload may never run in the pool, whatever is free there (restricted data with a provider not certified
     * for it, an accelerator type it does not accept), or null. Other rules of placement (regions, quota) are choices
     * the engine makes for new work; work found running against them keeps running.
     */
    private String forbidden(Workload w, PoolState pool) {
        Filter.Input in = admissibility.input(w, state.fleet.team(w.team()).orElse(null), pool, true);
        String data = Filters.DATA_CLASS.reject(in);
        return data != null ? data : Filters.ACCELERATOR.reject(in);
    }

    /** Why a placement's nodes cannot be taken in {@code pool} (gone, down, or without room), or null. */
    private static String unavailable(PoolState pool, Placement p, List<Selection> taken) {
        for (int node : p.nodes()) {
            int already = 0;
            for (Selection s : taken) {
                if (s.pool() == pool) {
                    for (int n : s.nodes()) {
                        already += n == node ? s.gpusPerNode() : 0;
                    }
                }
            }
            if (node < 0 || node >= pool.nodes()) {
                return "node " + node + " of " + p.pool() + " is no longer in the fleet";
            }
            if (pool.isDown(node) || pool.free(node) - already < p.gpusPerNode()) {
                return "node " + node + " of " + p.pool() + " has no room for it";
            }
        }
        return null;
    }

    // --- running and stopping ---

    /** Starts a job on a plan found for it now; returns the Place decision. */
    Decision.Place start(Job job, Placer.Plan plan) {
        Instant now = state.now();
        state.queueOf(job).remove(job);
        state.pendingCount--;
        List<Placement> placements = new ArrayList<>();
        Duration delay = Duration.ZERO;
        double speed = Double.POSITIVE_INFINITY;
        for (int r = 0; r < plan.selections().size(); r++) {
            Selection s = plan.selections().get(r);
            Offer offer = plan.offers().get(r);
            s.take();
            state.ledger.add(job.team, plan.accelerators()[r], s.gpus());
            var site = s.pool().site();
            Duration provisioning = site.pool().elastic() ? site.pool().provisioningDelay() : Duration.ZERO;
            delay = provisioning.compareTo(delay) > 0 ? provisioning : delay;
            speed = Math.min(speed, offer.speed());
            placements.add(new Placement(s.pool().ref(), site.provider().name(), site.tier(), site.cluster().region(),
                    site.pool().accelerator(), s.block(), boxed(s.nodes()), s.gpusPerNode(), now,
                    provisioning, offer.priceBasis(), offer.marginalPricePerGpuHour(), offer.speed()));
        }
        job.state = WorkloadState.RUNNING;
        job.holds(List.copyOf(plan.selections()));
        job.acceleratorOfSelection = plan.accelerators().clone();
        job.placements = List.copyOf(placements);
        job.startRunning(now.plus(delay), speed);
        job.startSequence = state.starts++;
        for (Selection s : plan.selections()) {
            state.addRunning(job, s.pool(), s.gpus());
        }
        job.verdict = null;
        state.runningCount++;
        return new Decision.Place(job.id, job.placements, job.remainingReferenceHours);   // a read-only copy: Place keeps it
    }

    private static List<Integer> boxed(int[] nodes) {
        Integer[] boxed = new Integer[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            boxed[i] = nodes[i];
        }
        return List.of(boxed);
    }

    /** Frees what a running job holds. */
    private void release(Job job) {
        for (int r = 0; r < job.selections.size(); r++) {
            Selection s = job.selections.get(r);
            s.give();
            state.ledger.remove(job.team, job.acceleratorOfSelection[r], s.gpus());
            state.removeRunning(job, s.pool(), s.gpus());
        }
        job.holds(List.of());
        job.placements = List.of();
        state.runningCount--;
        state.parked.quotaReleased(job.team);
    }

    private void end(String id, WorkloadState end) {
        Job job = state.jobs.get(id);
        if (job == null || job.state.isTerminal()) {
            return;
        }
        if (job.state == WorkloadState.RUNNING) {
            release(job);
        } else {
            if (!state.queueOf(job).remove(job) && !state.parked.remove(job)) {
                throw new IllegalStateException(job + " is pending but neither queued nor parked");
            }
            state.pendingCount--;
        }
        job.state = end;
        job.verdict = null;
        state.ended(job);
    }

    private void checkpoint(String id) {
        Job job = state.jobs.get(id);
        if (job != null && job.state == WorkloadState.RUNNING) {
            state.checkpointed(job);
        }
    }

    /**
     * Stops a running job and puts it back in its queue with the progress of its last checkpoint; emits a Requeue.
     * Returns the GPU-hours of work lost.
     */
    double requeue(Job job, String reason, List<Decision> out) {
        Instant now = state.now();
        double lost = job.lossIfStopped(now);
        if (job.runningSince != null && now.isAfter(job.runningSince) && !Double.isInfinite(job.remainingReferenceHours)) {
            double savedHours = Duration.between(job.runningSince, job.savedAt(now)).toMillis() / 3_600_000.0;
            job.remainingReferenceHours = Math.max(0, job.remainingReferenceHours - savedHours * job.speed);
        }
        job.lostGpuHours += lost;
        release(job);
        job.stopRunning();
        job.verdict = new Verdict.Queued("requeued: " + reason);
        enqueue(job);
        out.add(new Decision.Requeue(job.id, reason));
        return lost;
    }

    private void evictFrom(PoolState pool, int node, String reason, List<Decision> out) {
        if (node < 0 || node >= pool.nodes()) {
            return;
        }
        for (Job job : List.copyOf(state.jobsOn(pool, node))) {
            requeue(job, reason, out);
        }
    }

    private void resize(PoolState pool, int nodes, List<Decision> out) {
        if (nodes < 0) {
            return;
        }
        for (Job job : state.runningIn(pool)) {
            if (job.selections.stream().anyMatch(s -> s.pool() == pool && Arrays.stream(s.nodes()).anyMatch(n -> n >= nodes))) {
                requeue(job, pool.ref() + " shrank to " + nodes + " nodes", out);
            }
        }
        pool.resize(nodes);
        state.freedPools.set(pool.index());
    }

    private void clusterHealth(String cluster, boolean healthy, List<Decision> out) {
        if (healthy) {
            if (state.unhealthyClusters.remove(cluster)) {
                state.pools.stream().filter(p -> p.site().cluster().name().equals(cluster))
                        .forEach(p -> state.freedPools.set(p.index()));
            }
            return;
        }
        if (!state.unhealthyClusters.add(cluster)) {
            return;
        }
        for (PoolState pool : state.pools) {
            if (pool.site().cluster().name().equals(cluster)) {
                for (Job job : state.runningIn(pool)) {
                    if (job.state == WorkloadState.RUNNING) {
                        requeue(job, "cluster " + cluster + " became unhealthy", out);
                    }
                }
            }
        }
    }

    // --- what the engine can tell ---

    /**
     * A workload's state: pending or running, or how it ended if it was among the latest kept to end;
     * empty for an id the engine does not know (any more).
     */
    public Optional<WorkloadState> state(String id) {
        return outcome(id).map(EndedWork.Outcome::state);
    }

    /** Why a workload is not running, when it is pending or was rejected. */
    public Optional<Verdict> verdict(String id) {
        return outcome(id).map(EndedWork.Outcome::verdict);
    }

    /** Where a workload stands: pending or running work as it is now, ended work as it ended (if still kept). */
    private Optional<EndedWork.Outcome> outcome(String id) {
        Job job = state.jobs.get(id);
        return Optional.ofNullable(job != null ? EndedWork.Outcome.of(job) : state.ended.get(id));
    }

    public List<Placement> placements(String id) {
        Job job = state.jobs.get(id);
        return job == null ? List.of() : job.placements;
    }

    /** For a pending workload, why it does not run, per pool of the fleet, in words. */
    public List<String> explain(String id) {
        Job job = state.jobs.get(id);
        if (job == null) {
            EndedWork.Outcome ended = state.ended.get(id);
            return ended == null ? List.of("unknown workload " + id) : explainEnded(ended.state(), ended.verdict());
        }
        return new Explainer(state, admissibility).explain(job);
    }

    /** What {@link #explain} says of work that ended in {@code end} (with its verdict when it was rejected). */
    public static List<String> explainEnded(WorkloadState end, Verdict verdict) {
        return List.of(end == WorkloadState.REJECTED ? "rejected: " + verdict.summary()
                : end.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** What the engine has done since it was made, counted. */
    public Work work() {
        return state.work.snapshot();
    }

    public int pendingCount() {
        return state.pendingCount;
    }

    public int runningCount() {
        return state.runningCount;
    }

    /** Work a workload has left, in hours at relative speed 1.0, as of its last checkpoint. */
    public double remainingReferenceHours(String id) {
        Job job = state.jobs.get(id);
        return job == null ? 0 : job.remainingReferenceHours;
    }

    /** GPU-hours of work a workload lost to preemptions and failures so far (work since its last checkpoint). */
    public double lostGpuHours(String id) {
        return losses(id).lostGpuHours();
    }

    /** How many times a workload was preempted. */
    public int preemptions(String id) {
        return losses(id).preemptions();
    }

    /** What a workload lost so far: its preemptions, and the GPU-hours of work they and failures took. */
    public record Losses(int preemptions, double lostGpuHours) {}

    /** {@link #preemptions} and {@link #lostGpuHours} in one look; none for a workload it does not know (any more). */
    public Losses losses(String id) {
        return outcome(id).map(o -> new Losses(o.preemptions(), o.lostGpuHours())).orElse(NO_LOSSES);
    }

    private static final Losses NO_LOSSES = new Losses(0, 0);

    /** Fair share's memory of past usage as of now, by team and accelerator type: for an engine that replaces this one. */
    public UsageHistory usageHistory() {
        Instant now = state.now();
        double[][] decayed = state.fairShare.decayedAt(now, state.ledger);
        Map<String, Map<String, Double>> byName = new java.util.LinkedHashMap<>();
        for (int t = 0; t < decayed.length; t++) {
            Map<String, Double> byType = new java.util.LinkedHashMap<>();
            for (int a = 0; a < decayed[t].length; a++) {
                byType.put(state.ledger.acceleratorName(a), decayed[t][a]);
            }
            byName.put(state.ledger.teamName(t), byType);
        }
        return new UsageHistory(now, byName);
    }

    private void carry(UsageHistory history) {
        double[][] gpuHours = new double[state.fleet.teams().size()][state.fleet.accelerators().size()];
        for (int t = 0; t < gpuHours.length; t++) {
            for (int a = 0; a < gpuHours[t].length; a++) {
                gpuHours[t][a] = history.of(state.ledger.teamName(t), state.ledger.acceleratorName(a));
            }
        }
        state.fairShare.carry(gpuHours, history.asOf());
    }

    /** GPUs in use and in all per pool, in fleet order. */
    public List<PoolUsage> poolUsage() {
        return state.pools.stream().map(p -> new PoolUsage(p.ref(), p.site().pool().accelerator(), p.site().tier(),
                state.usedGpus(p), p.upGpus(), state.committed[p.index()], state.healthy(p))).toList();
    }

    /** A pool's GPUs now: used by running work, up (not down), committed by active contracts. */
    public record PoolUsage(PoolRef pool, String accelerator, dev.quartermaster.fleet.Tier tier, long usedGpus,
            long upGpus, long committedGpus, boolean healthy) {}

    /** Every broken invariant of the engine's state; empty when all hold. Tests and the simulator call it. */
    public List<String> checkInvariants() {
        return Invariants.check(state);
    }

    /**
     * Pending work that would fit now, where nothing but the queue's order may hold it back (a policy that is not
     * strict, no reservation in force): what a work-conserving scheduler leaves none of once it has run a few cycles
     * with nothing else happening. For tests.
     */
    List<String> pendingThatFits() {
        Reservation reservation = state.lastReservation;
        if (state.policy.strict() || (reservation != null && reservation.stillFor(reservation.job(), state))) {
            return List.of();
        }
        List<String> fits = new ArrayList<>();
        for (Job job : state.jobs.values()) {
            if (job.state == WorkloadState.PENDING && placer.find(job) != null) {
                fits.add(job.id);
            }
        }
        return fits;
    }
}
