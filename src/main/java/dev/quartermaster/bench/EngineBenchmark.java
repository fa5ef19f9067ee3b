package dev.quartermaster.bench;

import dev.quartermaster.engine.Decision;
import dev.quartermaster.engine.Engine;
import dev.quartermaster.engine.Event;
import dev.quartermaster.engine.Work;
import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.fleet.Fleet;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The engine at DESIGN.md's scale, measured in one process: a full scheduling pass over all pending work on an
 * empty fleet, a pass when the fleet is full, and incremental decisions (work finishes, new work arrives, a tick
 * every few events) in placements per second; heap in use after each. The same run goes first a few times unmeasured
 * (warm-up rounds, as JMH does), so that what is measured is the engine compiled, as in a server that has been up a
 * while, not the JIT compiler at work; the first round's figures are kept as the cold ones.
 */
public final class EngineBenchmark {

    public record Result(String policy, int fleetGpus, int clusters, int pending, long seed,
            double firstPassMillis, int firstPassPlacements, double fullFleetPassMillis, int incrementalEvents, int tickEvery,
            int incrementalPlacements, int incrementalPreemptions, String incrementalDecisionsHash, Work incrementalWork,
            double incrementalSeconds, double placementsPerSecond,
            double decisionsPerSecond,
            double incrementalCpuSeconds, double placementsPerCpuSecond, double incrementalGcSeconds, long incrementalAllocatedBytes,
            int burstWorkloads, int burstPlacements, double burstSeconds, double burstPlacementsPerSecond,
            long heapUsedMiB, long heapMaxMiB, int warmupRounds, FirstRound firstRound, List<Double> measuredRounds,
            Profile.Summary profile) {

        /**
         * This round's figures with what the rounds around it were: the warm-up before it (its first round, the cold
         * one), the incremental placements/s of every measured round, and the profile of the last.
         */
        Result withRounds(int warmup, FirstRound cold, List<Double> rounds, Profile.Summary profile) {
            return new Result(policy, fleetGpus, clusters, pending, seed, firstPassMillis, firstPassPlacements,
                    fullFleetPassMillis, incrementalEvents, tickEvery, incrementalPlacements, incrementalPreemptions,
                    incrementalDecisionsHash, incrementalWork, incrementalSeconds, placementsPerSecond, decisionsPerSecond,
                    incrementalCpuSeconds, placementsPerCpuSecond, incrementalGcSeconds, incrementalAllocatedBytes,
                    burstWorkloads, burstPlacements, burstSeconds, burstPlacementsPerSecond, heapUsedMiB, heapMaxMiB, warmup,
                    cold, rounds, profile);
        }
    }

    /** The first warm-up round's figures: the engine as a freshly started JVM runs it, while the JIT compiles it. */
    public record FirstRound(double incrementalSeconds, double placementsPerSecond, double placementsPerCpuSecond,
            double burstPlacementsPerSecond) {}

    private EngineBenchmark() {}

    /**
     * Runs the benchmark {@code warmup} times unmeasured, then {@code rounds} times measured ({@link Rounds}), and returns
     * the measured round of median incremental placements per second (the rates of all listed); with a {@code profile}
     * file (else null), the last measured round's incremental phase is recorded in it and summed up.
     */
    public static Result run(String policy, int gpus, int pending, int incrementalEvents, int tickEvery, long seed,
            int warmup, int rounds, java.nio.file.Path profile, Consumer<String> progress) {
        Rounds.Outcome<Result> o = Rounds.run(warmup, rounds, profile, progress,
                (file, said) -> round(policy, gpus, pending, incrementalEvents, tickEvery, seed, file, said),
                Result::placementsPerSecond, Result::incrementalDecisionsHash, "decided");
        FirstRound cold = o.cold() == null ? null : new FirstRound(o.cold().incrementalSeconds(),
                o.cold().placementsPerSecond(), o.cold().placementsPerCpuSecond(), o.cold().burstPlacementsPerSecond());
        return o.median().withRounds(warmup, cold, o.speeds(), o.last().profile());
    }

    private static Result round(String policy, int gpus, int pending, int incrementalEvents, int tickEvery, long seed,
            java.nio.file.Path profile, Consumer<String> progress) {
        progress.accept("submitting " + pending + " workloads, then two full passes");
        IncrementalLoad load = IncrementalLoad.prepare(policy, gpus, pending, tickEvery, seed);
        Engine engine = load.engine();
        int firstPlaced = IncrementalLoad.placements(load.firstPass());
        progress.accept(String.format("placed %,d in %.0f ms; the next pass on the full fleet took %.0f ms", firstPlaced,
                load.firstPassMillis(), load.fullFleetPassMillis()));
        progress.accept("incremental: " + incrementalEvents + " events (finish, submit, a tick every " + tickEvery + ")");
        int placed = 0;
        int preempted = 0;
        long decisions = 0;
        long[] nanosByKind = new long[3];
        List<List<Decision>> made = new ArrayList<>(incrementalEvents);
        var threads = ManagementFactory.getThreadMXBean();
        System.gc();   // the setup's garbage is collected before the clocks start, not on them
        Profile profiling = Profile.start(profile);   // before the clocks: starting the recorder takes a while
        long cpu0 = threads.getCurrentThreadCpuTime();
        long bytes0 = Allocated.byThisThread();
        long gc0 = gcMillis();
        Work work0 = engine.work();
        long t2 = System.nanoTime();
        for (int e = 0; e < incrementalEvents; e++) {
            long start = System.nanoTime();
            List<Decision> out = load.step();
            nanosByKind[load.kindOfLast()] += System.nanoTime() - start;
            decisions += out.size();
            made.add(out);
            for (Decision d : out) {
                placed += d instanceof Decision.Place ? 1 : 0;
                preempted += d instanceof Decision.Preempt ? 1 : 0;
            }
        }
        double seconds = (System.nanoTime() - t2) / 1e9;
        Work work = engine.work().minus(work0);
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double gcSeconds = (gcMillis() - gc0) / 1e3;
        long allocated = Allocated.byThisThread() - bytes0;
        Profile.Summary where = profiling == null ? null : profiling.stop();
        String hash = hash(made);
        made = null;
        progress.accept(String.format("time in ticks %.2f s, finishes %.2f s, submissions %.2f s",
                nanosByKind[0] / 1e9, nanosByKind[1] / 1e9, nanosByKind[2] / 1e9));
        progress.accept("burst: small workloads arriving at an empty fleet, a tick every 1,000");
        Burst burst = burst(policy, gpus, seed);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        java.lang.ref.Reference.reachabilityFence(engine);
        Fleet fleet = engine.fleet();
        return new Result(policy, fleet.sites().stream().mapToInt(s -> s.pool().gpus()).sum(),
                (int) fleet.sites().stream().map(s -> s.cluster().name()).distinct().count(), pending, seed,
                load.firstPassMillis(), firstPlaced, load.fullFleetPassMillis(), incrementalEvents, tickEvery, placed, preempted, hash, work, seconds, placed / seconds,
                decisions / seconds, cpuSeconds, placed / cpuSeconds, gcSeconds, allocated, burst.workloads, burst.placed, burst.seconds, burst.placed / burst.seconds,
                used, rt.maxMemory() >> 20, 0, null, List.of(), where);
    }

    /** Milliseconds the JVM's collectors have spent collecting so far (for a stop-the-world collector, paused). */
    private static long gcMillis() {
        long millis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis;
    }

    private record Burst(int workloads, int placed, double seconds) {}

    /** Single-node workloads (1 to 8 GPUs) submitted to an empty fleet with a tick after every 1,000: placements/s. */
    private static Burst burst(String policy, int gpus, long seed) {
        Fleet fleet = ScaleScenario.fleet(gpus);
        IncrementalLoad.Clock clock = new IncrementalLoad.Clock();
        Engine engine = new Engine(fleet, Policies.byName(policy), clock, new SplittableRandom(seed));
        SplittableRandom random = new SplittableRandom(seed);
        List<Event.Submitted> arrivals = new ArrayList<>();
        int n = 0;
        while (arrivals.size() < gpus / 8) {
            var w = ScaleScenario.workload(random, n++);
            if (w.nodes() == 1) {
                arrivals.add(new Event.Submitted(w.name(), w));
            }
        }
        int placed = 0;
        System.gc();
        long start = System.nanoTime();
        for (int i = 0; i < arrivals.size(); i++) {
            engine.apply(arrivals.get(i));
            if (i % 1000 == 999 || i == arrivals.size() - 1) {
                clock.now = clock.now.plusSeconds(1);
                placed += IncrementalLoad.placements(engine.apply(new Event.Tick()));
            }
        }
        return new Burst(arrivals.size(), placed, (System.nanoTime() - start) / 1e9);
    }

    /**
     * A hash of the incremental decisions' text, in order: the same for two builds that decide the same (worked out
     * after the clock stopped). A change meant only to be faster must leave it as it was.
     */
    private static String hash(List<List<Decision>> made) {
        Fingerprint fingerprint = new Fingerprint();
        for (List<Decision> out : made) {
            for (Decision d : out) {
                fingerprint.line(d.toString());
            }
        }
        return fingerprint.hex();
    }
}
