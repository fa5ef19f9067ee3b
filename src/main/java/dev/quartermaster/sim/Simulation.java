package dev.quartermaster.sim;

import dev.quartermaster.fleet.Labels;
import dev.quartermaster.engine.Decision;
import dev.quartermaster.engine.Engine;
import dev.quartermaster.engine.Event;
import dev.quartermaster.engine.Placement;
import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.ledger.Billing;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Provider;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A discrete-event simulation: a virtual clock feeds the real engine its events (arrivals, completions, spot
 * interruptions, node failures and repairs, outages, contract dates, ticks) and carries out its decisions on
 * simulated backends. Work runs at the placed accelerator's relative speed after the pool's provisioning delay; a
 * preemption or failure loses the work since the last checkpoint (the engine keeps the progress). Deterministic by
 * seed. Records stream to a sink as workloads end; only the numbers for the summary are kept.
 */
public final class Simulation {

    /**
     * The engine tells the outcomes of this many of the latest workloads to end: a simulation reads each as the work
     * ends (its record), so more would only hold memory and slow every end down.
     */
    static final int ENDED_KEPT = 64;

    /** Scheduling cycles run on this grid of simulated time (and only when something changed). */
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(60);

    /**
     * How a simulation runs: its seed, the grid of scheduling cycles, the faults, an optional horizon (null: until all
     * work has ended), the half-life of the engine's fair-share usage and the pools that are there only for a while.
     */
    public record Options(long seed, Duration tick, Faults faults, Instant horizon, Duration fairShareHalfLife,
            List<PoolWindow> poolWindows) {

        public Options(long seed, Duration tick, Faults faults, Instant horizon) {
            this(seed, tick, faults, horizon, Engine.DEFAULT_FAIR_SHARE_HALF_LIFE);
        }

        public Options(long seed, Duration tick, Faults faults, Instant horizon, Duration fairShareHalfLife) {
            this(seed, tick, faults, horizon, fairShareHalfLife, List.of());
        }

        public Options {
            if (tick.isNegative() || tick.isZero()) {
                throw new IllegalArgumentException("tick must be positive, not " + tick);
            }
            poolWindows = List.copyOf(poolWindows);
        }

        public Options withPoolWindows(List<PoolWindow> windows) {
            return new Options(seed, tick, faults, horizon, fairShareHalfLife, windows);
        }

        public static Options seed(long seed) {
            return new Options(seed, DEFAULT_TICK, Faults.SPOT_ONLY, null);
        }
    }

    /**
     * A pool whose nodes are there only from {@code from} until {@code until} (null: to the end), such as the pool of
     * a commitment signed with a lead time: outside, every node of it is down and no work runs there (work still
     * running at {@code until} is requeued from its last checkpoint).
     */
    public record PoolWindow(PoolRef pool, Instant from, Instant until) {
        public PoolWindow {
            Objects.requireNonNull(pool, "pool is null");
            Objects.requireNonNull(from, "from is null");
            if (until != null && !until.isAfter(from)) {
                throw new IllegalArgumentException("a pool window must end after it starts: " + from + " to " + until);
            }
        }
    }

    /** What happens; a {@link Life} in the queue is the planned end of one of its runs. */
    private sealed interface Happening {
        record Arrive(Arrival arrival) implements Happening {}

        record Tick() implements Happening {}

        /** A spot interruption in a pool ({@code ref} is the site's, kept: asked for at every one). */
        record Spot(Site site, PoolRef ref) implements Happening {}

        record NodeFailure(Site site, PoolRef ref) implements Happening {}

        record Repair(PoolRef pool, int node) implements Happening {}

        record Outage(String cluster, boolean down) implements Happening {}

        record ContractDate(String contract, boolean starts) implements Happening {}

        record PoolOpen(Site site, boolean open) implements Happening {}

        record Sample() implements Happening {}
    }

    /** A scheduling cycle: the same for every one. */
    private static final Happening TICK = new Happening.Tick();

    /**
     * What the simulation knows of a workload while it lives. Queued, it is the planned end of a run: of its current
     * run when the queue's entry is {@link #finishSeq}, else of a run stopped since (stale). No other object is made
     * for the end, and popping it reads only the life, which its handling reads anyway.
     */
    private static final class Life implements Happening {
        final Arrival arrival;
        /** The queue's sequence number of the planned end of its current run; -1 while it does not run, and once ended. */
        long finishSeq = -1;
        Instant firstStart;
        Instant segmentStart;
        List<Placement> placements = List.of();
        double billedPerGpuHour;
        double gpuHours;
        double cost;
        double uncommittedRate;
        /** Whether the engine holds GPUs for it (placed, and neither finished nor requeued since). */
        boolean holding;
        /** The pool index of each of {@link #placements}, and its GPUs. */
        int[] pools = new int[0];
        int[] gpus = new int[0];
        /** Its team's sums in the metrics, once it used GPUs ({@link Metrics#team}). */
        double[] teamSums;

        Life(Arrival arrival) {
            this.arrival = arrival;
        }
    }

    private final Fleet fleet;
    private final Policy policy;
    private final WorkloadSource source;
    private final Options options;
    private final Consumer<JobRecord> sink;
    private final VirtualClock clock;
    private final Engine engine;
    private final SplittableRandom random;
    private final EventQueue<Happening> queue = new EventQueue<>();
    private final Map<String, Life> lives = new HashMap<>();
    private final Billing billing;
    private final Metrics metrics;
    /** When scheduling cycles run. */
    private final CycleGrid cycles;
    /** Dollars per hour of the running work outside commitments; commitments are added at each sample. */
    private double costRate;
    private boolean sourceDone;
    private final Instant start;
    private final CommitmentUse commitments;
    private final long[] eventsByKind = new long[EventKind.values().length];
    private long idleCycles;
    /** Pools outside their window: their nodes are down, and a repair does not bring one back. */
    private final Set<PoolRef> closed = new HashSet<>();
    private long cycleNanos;
    /** Per pool, in the engine's order ({@link CommitmentUse}'s indexes): its name for records, its contract's price. */
    private final String[] poolLabels;
    private final double[] contractPrices;

    public Simulation(Fleet fleet, Policy policy, WorkloadSource source, Instant start, Options options,
            Consumer<JobRecord> sink) {
        this.fleet = fleet;
        this.policy = policy;
        this.source = source;
        this.options = options;
        this.sink = sink;
        this.start = start;
        this.clock = new VirtualClock(start);
        this.random = new SplittableRandom(options.seed());
        this.engine = new Engine(fleet, policy, clock, random.split(), options.fairShareHalfLife(), ENDED_KEPT);
        this.metrics = new Metrics(fleet, start);
        this.billing = new Billing(fleet);
        this.commitments = new CommitmentUse(engine);
        this.cycles = new CycleGrid(options.tick().toMillis(), at -> scheduleAt(at, TICK));
        List<Engine.PoolUsage> pools = engine.poolUsage();
        this.poolLabels = new String[pools.size()];
        this.contractPrices = new double[pools.size()];
        for (int i = 0; i < pools.size(); i++) {
            poolLabels[i] = pools.get(i).pool().toString();
            contractPrices[i] = billing.contract(pools.get(i).pool()).map(Contract::pricePerGpuHour).orElse(0.0);
        }
    }

    public Engine engine() {
        return engine;
    }

    /** Progress is told at most this often (wall clock); it does not change what is simulated. */
    private static final long PROGRESS_EVERY_NANOS = 200_000_000L;
    private long lastProgress = System.nanoTime();

    /** Runs until every workload has ended (or the horizon); reports progress as the share of the source read. */
    public Summary run(Consumer<String> progress) {
        long wallStart = System.nanoTime();
        schedulePoolWindows();
        pullArrival();
        scheduleFaults();
        schedule(start, new Happening.Sample());
        long events = 0;
        long horizon = options.horizon() == null ? Long.MAX_VALUE : options.horizon().toEpochMilli();
        long startMillis = start.toEpochMilli();
        while (!queue.isEmpty()) {
            if (done()) {
                break;
            }
            Happening next = queue.poll();
            long at = queue.polledAt();
            if (at > horizon) {
                break;
            }
            integrateCommitments(at);
            clock.advanceTo(at);
            handle(next);
            events++;
            if ((events & 0x3FF) == 0 && System.nanoTime() - lastProgress >= PROGRESS_EVERY_NANOS) {
                lastProgress = System.nanoTime();   // the words cost more than a thousand events: a few a second
                progress.accept(String.format(java.util.Locale.ROOT, "%,d workloads in, %,d running or waiting; %,d events;"
                        + " %.1f simulated days", metrics.submitted(), lives.size(), events,
                        (at - startMillis) / 60_000 / 1440.0));
            }
        }
        for (Life life : List.copyOf(lives.values())) {
            closeSegment(life);
            record(life, "unfinished");
        }
        metrics.finish(clock.instant(), billing.contracts());
        return metrics.summary(policy.name(), source.name(), options.seed(), events, (System.nanoTime() - wallStart) / 1e9);
    }

    /** The events the last {@link #run} handled, by kind, in the order of {@link EventKind}; all kinds listed. */
    public Map<EventKind, Long> eventsByKind() {
        Map<EventKind, Long> counts = new java.util.EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            counts.put(kind, eventsByKind[kind.ordinal()]);
        }
        return counts;
    }

    /** Scheduling cycles the last {@link #run} asked the engine for. */
    public long cycles() {
        return eventsByKind[EventKind.CYCLE.ordinal()];
    }

    /** Scheduling cycles of the last {@link #run} that decided nothing (placed, preempted, requeued nothing). */
    public long idleCycles() {
        return idleCycles;
    }

    /** Wall-clock seconds the last {@link #run} spent inside scheduling cycles (the engine's ticks, with their decisions). */
    public double cycleSeconds() {
        return cycleNanos / 1e9;
    }

    private boolean done() {
        return sourceDone && lives.isEmpty();
    }

    private void handle(Happening what) {
        switch (what) {
            case Happening.Arrive a -> {
                count(EventKind.ARRIVAL);
                Life life = new Life(a.arrival());
                lives.put(a.arrival().id(), life);
                metrics.submitted(a.arrival());
                carryOut(engine.apply(new Event.Submitted(a.arrival().id(), a.arrival().workload())));
                pullArrival();
                changed();
            }
            case Life life -> {
                boolean current = life.finishSeq == queue.polledSeq();
                count(current ? EventKind.FINISH : EventKind.STALE_FINISH);
                if (current) {
                    carryOut(engine.apply(new Event.Finished(life.arrival.id())));
                    released(life);
                    closeSegment(life);
                    record(life, "succeeded");
                    changed();
                }
            }
            case Happening.Tick t -> {
                cycles.runs(clock.millis());
                count(EventKind.CYCLE);
                long began = System.nanoTime();
                List<Decision> decisions = engine.apply(new Event.Tick());
                carryOut(decisions);
                cycleNanos += System.nanoTime() - began;
                idleCycles += decisions.isEmpty() ? 1 : 0;
                if (!decisions.isEmpty()) {
                    cycles.decided(clock.millis());
                }
            }
            case Happening.Spot s -> {
                count(EventKind.SPOT_INTERRUPTION);
                int node = random.nextInt(s.site().pool().nodes());
                carryOut(engine.apply(new Event.SpotInterrupted(s.ref(), node)));
                scheduleSpot(s.site(), s.ref());
                changed();
            }
            case Happening.NodeFailure f -> {
                count(EventKind.NODE_FAILURE);
                int node = random.nextInt(f.site().pool().nodes());
                carryOut(engine.apply(new Event.NodeDown(f.ref(), node)));
                schedule(clock.instant().plus(options.faults().repairTime()), new Happening.Repair(f.ref(), node));
                scheduleNodeFailure(f.site(), f.ref());
                changed();
            }
            case Happening.Repair r -> {
                count(EventKind.NODE_REPAIR);
                if (!closed.contains(r.pool())) {
                    carryOut(engine.apply(new Event.NodeUp(r.pool(), r.node())));
                    changed();
                }
            }
            case Happening.Outage o -> {
                count(EventKind.OUTAGE);
                carryOut(engine.apply(new Event.ClusterHealth(o.cluster(), !o.down())));
                changed();
            }
            case Happening.Sample s -> {
                count(EventKind.SAMPLE);
                metrics.sampler().sample(clock.instant(), engine, costRate + committedRate());
                schedule(clock.instant().plus(metrics.sampler().interval()), new Happening.Sample());
            }
            case Happening.ContractDate c -> {
                count(EventKind.CONTRACT_DATE);
                carryOut(engine.apply(c.starts() ? new Event.ContractStarted(c.contract()) : new Event.ContractEnded(c.contract())));
                commitments.readCommitments();
                changed();
            }
            case Happening.PoolOpen o -> {
                count(EventKind.POOL_WINDOW);
                openPool(o.site(), o.open());
            }
        }
    }

    /** Pools whose window starts later are closed now, before the first arrival; their opening and closing are scheduled. */
    private void schedulePoolWindows() {
        for (PoolWindow w : options.poolWindows()) {
            Site site = fleet.sites().stream().filter(s -> s.ref().equals(w.pool())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("pool window of " + w.pool() + ": the fleet has no such pool"));
            boolean ended = w.until() != null && !w.until().isAfter(start);
            if (w.from().isAfter(start) || ended) {
                openPool(site, false);
            }
            if (w.from().isAfter(start) && !ended) {
                schedule(w.from(), new Happening.PoolOpen(site, true));
            }
            if (w.until() != null && !ended) {
                schedule(w.until(), new Happening.PoolOpen(site, false));
            }
        }
    }

    /** Every node of the pool up or down (work on it requeued); what the engine sees of a pool that is not there. */
    private void openPool(Site site, boolean open) {
        if (open) {
            closed.remove(site.ref());
        } else {
            closed.add(site.ref());
        }
        for (int node = 0; node < site.pool().nodes(); node++) {
            carryOut(engine.apply(open ? new Event.NodeUp(site.ref(), node) : new Event.NodeDown(site.ref(), node)));
        }
        changed();
    }

    private void count(EventKind kind) {
        eventsByKind[kind.ordinal()]++;
    }

    private void carryOut(List<Decision> decisions) {
        for (Decision decision : decisions) {
            switch (decision) {
                case Decision.Place p -> start(p);
                case Decision.Preempt p -> metrics.preempted();
                case Decision.Requeue r -> {
                    Life life = lives.get(r.id());
                    if (life != null) {
                        life.finishSeq = -1;
                        released(life);
                        closeSegment(life);
                    }
                }
                case Decision.Reject r -> {
                    Life life = lives.get(r.id());
                    if (life != null) {
                        record(life, "rejected");
                    }
                }
            }
        }
    }

    private void start(Decision.Place place) {
        Life life = lives.get(place.id());
        if (life == null) {
            return;
        }
        life.placements = place.placements();
        life.pools = new int[place.placements().size()];
        life.gpus = new int[life.pools.length];
        for (int i = 0; i < life.pools.length; i++) {
            life.pools[i] = commitments.poolIndex(place.placements().get(i).pool());
            life.gpus[i] = place.placements().get(i).gpus();
        }
        life.holding = true;
        hold(life, +1);
        life.finishSeq = -1;
        Instant now = clock.instant();
        Duration delay = Duration.ZERO;
        double speed = Double.POSITIVE_INFINITY;
        double billed = 0;
        double committedDollars = 0;
        int gpus = 0;
        for (int i = 0; i < life.pools.length; i++) {
            Placement p = place.placements().get(i);
            delay = p.provisioningDelay().compareTo(delay) > 0 ? p.provisioningDelay() : delay;
            speed = Math.min(speed, p.speed());
            Billing.Price price = billing.price(p);
            billed += price.perGpuHour() * p.gpus();
            committedDollars += price.committedShare() * p.gpus() * contractPrices[life.pools[i]];
            gpus += p.gpus();
        }
        life.billedPerGpuHour = gpus == 0 ? 0 : billed / gpus;
        // The committed part is already in the cost rate: commitments are paid whether used or not.
        life.uncommittedRate = billed - committedDollars;
        costRate += life.uncommittedRate;
        Instant running = now.plus(delay);
        life.segmentStart = running;
        if (life.firstStart == null) {
            life.firstStart = running;
        }
        double hours = place.remainingReferenceHours() / speed;
        if (!Double.isInfinite(hours)) {
            life.finishSeq = scheduleAt(running.toEpochMilli() + Math.max(1, (long) Math.ceil(hours * 3_600_000.0)), life);
        }
    }

    /** Adds the committed GPUs in use from the clock's time to {@code until} (usage only changes at events). */
    private void integrateCommitments(long until) {
        long millis = until - clock.millis();
        if (millis <= 0 || billing.contracts().isEmpty()) {
            return;
        }
        metrics.committedInUse((double) commitments.inUse() * millis / 3_600_000.0);
    }

    /** The engine released what a workload held (it finished or was requeued). */
    private void released(Life life) {
        if (life.holding) {
            life.holding = false;
            hold(life, -1);
        }
    }

    /** Adds ({@code sign} +1) or takes away (-1) the GPUs of a workload's placements from their pools' use. */
    private void hold(Life life, int sign) {
        for (int i = 0; i < life.pools.length; i++) {
            commitments.add(life.pools[i], (long) sign * life.gpus[i]);
        }
    }

    /** Dollars per hour of the active commitments, paid whether used or not. */
    private double committedRate() {
        double rate = 0;
        for (Engine.PoolUsage usage : engine.poolUsage()) {
            Contract contract = billing.contract(usage.pool()).orElse(null);
            if (contract != null) {
                rate += usage.committedGpus() * contract.pricePerGpuHour();
            }
        }
        return rate;
    }

    private void closeSegment(Life life) {
        if (life.segmentStart == null) {
            return;
        }
        costRate -= life.uncommittedRate;
        life.uncommittedRate = 0;
        Instant now = clock.instant();
        if (now.isAfter(life.segmentStart)) {
            double hours = Duration.between(life.segmentStart, now).toMillis() / 3_600_000.0;
            if (life.teamSums == null) {
                life.teamSums = metrics.team(life.arrival.workload().team());
            }
            for (int i = 0; i < life.pools.length; i++) {
                Placement p = life.placements.get(i);
                double gpuHours = p.gpus() * hours;
                life.gpuHours += gpuHours;
                double cost = gpuHours * life.billedPerGpuHour;
                life.cost += cost;
                metrics.used(life.teamSums, life.pools[i], p, gpuHours, cost);
            }
        }
        life.segmentStart = null;
    }

    private static final String[] KIND_LABELS = java.util.Arrays.stream(dev.quartermaster.workload.WorkloadKind.values())
            .map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
    private static final String[] TIER_LABELS = java.util.Arrays.stream(dev.quartermaster.fleet.Tier.values())
            .map(Labels::of).toArray(String[]::new);

    private void record(Life life, String outcome) {
        lives.remove(life.arrival.id());
        life.finishSeq = -1;
        var w = life.arrival.workload();
        Placement where = life.placements.isEmpty() ? null : life.placements.get(0);
        Instant end = outcome.equals("succeeded") ? clock.instant() : null;
        Engine.Losses losses = engine.losses(life.arrival.id());
        JobRecord record = new JobRecord(life.arrival.id(), w.name(), w.team(), KIND_LABELS[w.kind().ordinal()],
                w.gpus() * w.replicas(), JobRecord.seconds(start, life.arrival.at()), JobRecord.seconds(start, life.firstStart),
                JobRecord.seconds(start, end),
                life.firstStart == null ? Double.NaN : JobRecord.seconds(life.arrival.at(), life.firstStart),
                end == null ? Double.NaN : JobRecord.seconds(life.arrival.at(), end),
                where == null ? "" : where.accelerator(), where == null ? "" : where.provider(),
                where == null ? "" : TIER_LABELS[where.tier().ordinal()],
                where == null ? "" : poolLabels[life.pools[0]], life.gpuHours, life.cost,
                losses.preemptions(), losses.lostGpuHours(), outcome, bestRunSeconds(w));
        metrics.ended(record);
        sink.accept(record);
    }

    /** Seconds the work takes alone on its fastest acceptable accelerator; NaN for a service. */
    private static double bestRunSeconds(dev.quartermaster.workload.Workload w) {
        double fastest = Double.NEGATIVE_INFINITY;
        for (double speed : w.accelerators().values()) {
            fastest = Math.max(fastest, speed);
        }
        if (w.accelerators().isEmpty()) {
            fastest = 1;
        }
        double hours = w.referenceHours() / fastest;
        return Double.isInfinite(hours) ? Double.NaN : hours * 3600;
    }

    /** Something changed: a scheduling cycle at the next point of the grid. */
    private void changed() {
        cycles.changed(clock.millis());
    }

    private void pullArrival() {
        if (source.hasNext()) {
            Arrival next = source.next();
            Instant at = next.at().isBefore(clock.instant()) ? clock.instant() : next.at();
            schedule(at, new Happening.Arrive(next));
        } else {
            sourceDone = true;
        }
    }

    private void scheduleFaults() {
        Faults faults = options.faults();
        for (Site site : fleet.sites()) {
            if (faults.spotInterruptions() && site.pool().isSpot() && site.pool().spot().interruptionsPerHour() > 0) {
                scheduleSpot(site, site.ref());
            }
            if (faults.nodeMtbfHours() > 0) {
                scheduleNodeFailure(site, site.ref());
            }
        }
        for (Faults.Outage o : faults.outages()) {
            schedule(o.start(), new Happening.Outage(o.cluster(), true));
            schedule(o.start().plus(o.length()), new Happening.Outage(o.cluster(), false));
        }
        if (faults.randomOutagesPerDay() > 0) {
            List<String> clusters = fleet.sites().stream().map(s -> s.cluster().name()).distinct().toList();
            Instant at = start;
            Instant until = options.horizon() != null ? options.horizon() : start.plus(Duration.ofDays(3650));
            while (true) {
                at = at.plusMillis((long) (exponential(faults.randomOutagesPerDay() / 24.0) * 3_600_000.0));
                if (at.isAfter(until) || queue.size() > 1_000_000) {
                    break;
                }
                String cluster = clusters.get(random.nextInt(clusters.size()));
                schedule(at, new Happening.Outage(cluster, true));
                schedule(at.plus(faults.outageLength()), new Happening.Outage(cluster, false));
            }
        }
        var today = start.atZone(ZoneOffset.UTC).toLocalDate();
        for (Contract contract : billing.contracts()) {
            if (contract.start().isAfter(today)) {
                schedule(contract.start().atStartOfDay(ZoneOffset.UTC).toInstant(), new Happening.ContractDate(contract.name(), true));
            }
            if (!contract.end().isBefore(today)) {
                schedule(contract.end().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        new Happening.ContractDate(contract.name(), false));
            }
        }
    }

    private void scheduleSpot(Site site, PoolRef ref) {
        double perHour = site.pool().spot().interruptionsPerHour() * site.pool().nodes();
        schedule(clock.instant().plusMillis((long) (exponential(perHour) * 3_600_000.0) + 1), new Happening.Spot(site, ref));
    }

    private void scheduleNodeFailure(Site site, PoolRef ref) {
        double perHour = site.pool().nodes() / options.faults().nodeMtbfHours();
        schedule(clock.instant().plusMillis((long) (exponential(perHour) * 3_600_000.0) + 1),
                new Happening.NodeFailure(site, ref));
    }

    /** Hours until the next event of a Poisson process of {@code perHour}. */
    private double exponential(double perHour) {
        return -Math.log(1 - random.nextDouble()) / perHour;
    }

    private void schedule(Instant at, Happening what) {
        scheduleAt(at.toEpochMilli(), what);
    }

    /** Returns the entry's sequence number in the queue. */
    private long scheduleAt(long at, Happening what) {
        return queue.add(at, what);
    }

}
