package dev.quartermaster.jmh;

import dev.quartermaster.bench.IncrementalLoad;
import dev.quartermaster.bench.ScaleScenario;
import dev.quartermaster.engine.Decision;
import dev.quartermaster.engine.Engine;
import dev.quartermaster.engine.Event;
import dev.quartermaster.engine.WorkloadState;
import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduling engine on {@link ScaleScenario}'s fleet of 100,000 GPUs. Each invocation needs a fresh engine (a
 * pass changes the state it measures), built in an untimed {@code @Setup(Level.Invocation)}, so its benchmarks are all
 * single shots: each iteration is one timed pass, and an iteration's wall time is mostly its setup.
 */
@BenchmarkMode(Mode.SingleShotTime)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class EngineBenchmarks {

    static final int FLEET_GPUS = 100_000;
    static final int BURST = 1_000;
    static final int PENDING = 100_000;
    static final int INCREMENTAL_EVENTS = 50_000;
    static final int TICK_EVERY = 100;

    /** A fleet at scale and {@code pending} workloads submitted to a fresh engine, none placed yet. */
    @State(Scope.Thread)
    public static class FullPass {

        @Param({"10000", "100000"})
        int pending;

        @Param({"fair"})
        String policy;

        @Param({"1"})
        long seed;

        Fleet fleet;
        List<Event.Submitted> submissions;
        Engine engine;
        List<Decision> decisions;

        @Setup(Level.Trial)
        public void trial() {
            fleet = ScaleScenario.fleet(FLEET_GPUS);
            SplittableRandom random = new SplittableRandom(seed);
            submissions = new ArrayList<>(pending);
            for (int i = 0; i < pending; i++) {
                Workload w = ScaleScenario.workload(random, i);
                submissions.add(new Event.Submitted(w.name(), w));
            }
        }

        @Setup(Level.Invocation)
        public void invocation() {
            engine = new Engine(fleet, Policies.byName(policy), new ManualClock(), new SplittableRandom(seed));
            for (Event.Submitted s : submissions) {
                engine.apply(s);
            }
            decisions = null;
        }

        @TearDown(Level.Invocation)
        public void check() {
            if (placements(decisions) == 0) {
                throw new IllegalStateException("the pass placed nothing: the scenario no longer measures a full pass");
            }
            engine = null;
        }
    }

    /** One scheduling pass (a Tick) over all pending work on an empty fleet: the worst case of a cycle. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<Decision> fullPass(FullPass s) {
        return s.decisions = s.engine.apply(new Event.Tick());
    }

    /**
     * {@code qm bench engine}'s incremental load ({@link IncrementalLoad}): an engine whose 100,000 pending workloads
     * filled the fleet, prepared untimed for each invocation. The placements the 50,000 events make are the same every
     * invocation (the same seed); they are printed once, to turn the score (time per 50,000 events) into placements/s.
     */
    @State(Scope.Thread)
    public static class Incremental {

        @Param({"fair"})
        String policy;

        @Param({"1"})
        long seed;

        IncrementalLoad load;
        int placed;
        int expected = -1;

        @Setup(Level.Invocation)
        public void invocation() {
            load = IncrementalLoad.prepare(policy, FLEET_GPUS, PENDING, TICK_EVERY, seed);
            System.gc();   // as qm bench engine does: the setup's garbage is not collected on the measured clock
        }

        @TearDown(Level.Invocation)
        public void check() {
            if (expected < 0) {
                expected = placed;
                System.out.printf("(%,d events make %,d placements: placements/s = %,d / the score in s)%n",
                        INCREMENTAL_EVENTS, placed, placed);
            } else if (placed != expected) {
                throw new IllegalStateException(placed + " placements, " + expected + " before: the same seed decided"
                        + " otherwise");
            }
            load = null;
        }
    }

    /** The incremental load: 50,000 events (finishes, arrivals, a scheduling cycle every 100) on a full fleet. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int incremental(Incremental s) {
        return s.placed = s.load.run(INCREMENTAL_EVENTS);
    }

    /**
     * A fleet at scale half in use by ScaleScenario's mix of shapes, nothing pending, and 1,000 single-node workloads
     * (1 to 8 GPUs) ready to arrive. The burst leaves out restricted-data work: it may run only in-house, which the
     * engine fills first, so some of it would stay pending and the count of placements would not be the burst's.
     */
    @State(Scope.Thread)
    public static class HalfFull {

        @Param({"fair"})
        String policy;

        @Param({"1"})
        long seed;

        Fleet fleet;
        List<Event.Submitted> fill;
        List<Event.Submitted> burst;
        ManualClock clock;
        Engine engine;
        int placed;
        boolean reported;

        @Setup(Level.Trial)
        public void trial() {
            fleet = ScaleScenario.fleet(FLEET_GPUS);
            SplittableRandom random = new SplittableRandom(seed);
            fill = new ArrayList<>();
            int n = 0;
            for (long gpus = 0; gpus < totalGpus(fleet) * 3 / 4; n++) {
                Workload w = ScaleScenario.workload(random, n);
                fill.add(new Event.Submitted(w.name(), w));
                gpus += w.gpus();
            }
            burst = new ArrayList<>(BURST);
            while (burst.size() < BURST) {
                Workload w = ScaleScenario.workload(random, n++);
                if (w.nodes() == 1 && w.dataClass() != DataClass.RESTRICTED) {
                    burst.add(new Event.Submitted(w.name(), w));
                }
            }
        }

        /** Fills the fleet to about half in one pass, then cancels what did not fit, so that only the burst is new. */
        @Setup(Level.Invocation)
        public void invocation() {
            clock = new ManualClock();
            engine = new Engine(fleet, Policies.byName(policy), clock, new SplittableRandom(seed));
            long half = totalGpus(fleet) / 2;
            for (Event.Submitted s : fill) {
                engine.apply(s);
            }
            engine.apply(new Event.Tick());
            int cancelled = 0;
            for (Event.Submitted s : fill) {
                if (engine.state(s.id()).orElseThrow() == WorkloadState.PENDING) {
                    engine.apply(new Event.Cancelled(s.id()));
                    cancelled++;
                }
            }
            // Frees running work, newest first, down to half the fleet.
            long used = usedGpus(engine);
            for (int i = fill.size() - 1; i >= 0 && used > half; i--) {
                Event.Submitted s = fill.get(i);
                if (engine.state(s.id()).orElseThrow() == WorkloadState.RUNNING) {
                    engine.apply(new Event.Finished(s.id()));
                    used -= s.workload().gpus();
                }
            }
            if (engine.pendingCount() != 0) {
                throw new IllegalStateException(engine.pendingCount() + " workloads still pending before the burst");
            }
            if (!reported) {
                reported = true;
                Map<Tier, long[]> byTier = new EnumMap<>(Tier.class);
                for (Engine.PoolUsage u : engine.poolUsage()) {
                    long[] t = byTier.computeIfAbsent(u.tier(), k -> new long[2]);
                    t[0] += u.usedGpus();
                    t[1] += u.upGpus();
                }
                StringBuilder tiers = new StringBuilder();
                byTier.forEach((tier, t) -> tiers.append(String.format(", %s %.0f%%", tier, 100.0 * t[0] / t[1])));
                System.out.printf("(before the burst: %,d of %,d GPUs in use by %,d workloads%s; %,d that did not fit"
                        + " cancelled)%n", usedGpus(engine), totalGpus(fleet), engine.runningCount(), tiers, cancelled);
            }
            clock.advance(Duration.ofSeconds(1));
            placed = 0;
        }

        @TearDown(Level.Invocation)
        public void check() {
            if (placed != BURST) {
                throw new IllegalStateException("placed " + placed + " of the burst of " + BURST
                        + ": the score per placement would be wrong");
            }
            engine = null;
        }
    }

    /** 1,000 single-node workloads arrive at a half-full fleet, then a Tick: the time per placement. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int burstPerPlacement(HalfFull s) {
        int placed = 0;
        for (Event.Submitted e : s.burst) {
            placed += placements(s.engine.apply(e));
        }
        placed += placements(s.engine.apply(new Event.Tick()));
        return s.placed = placed;
    }

    static int placements(List<Decision> decisions) {
        int n = 0;
        if (decisions != null) {
            for (Decision d : decisions) {
                n += d instanceof Decision.Place ? 1 : 0;
            }
        }
        return n;
    }

    static long totalGpus(Fleet fleet) {
        return fleet.sites().stream().mapToLong(s -> (long) s.pool().nodes() * s.pool().gpusPerNode()).sum();
    }

    static long usedGpus(Engine engine) {
        return engine.poolUsage().stream().mapToLong(Engine.PoolUsage::usedGpus).sum();
    }
}
