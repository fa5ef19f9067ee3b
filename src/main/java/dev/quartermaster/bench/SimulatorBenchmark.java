package dev.quartermaster.bench;

import dev.quartermaster.engine.Work;
import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.Faults;
import dev.quartermaster.sim.Simulation;
import dev.quartermaster.sim.Summary;
import dev.quartermaster.sim.WorkloadSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The simulator's speed on a generated run: the scale fleet of {@link ScaleScenario} (sized by {@code gpus}), its
 * workloads arriving steadily, spot interruptions, node failures and repairs, for a fixed stretch of simulated time.
 * Two presets: {@link Params#scale} (DESIGN.md's fleet and mixed shapes, where scheduling cycles over a deep queue
 * cost most) and {@link Params#eventHeavy} (a smaller fleet, many short small jobs, frequent node failures: many events
 * per scheduling cycle). An event is one happening popped from the simulation's queue and handled; the result counts
 * them by kind ({@link dev.quartermaster.sim.EventKind}) and says how much of the time went to scheduling cycles.
 */
public final class SimulatorBenchmark {

    /** What a run simulates. */
    public record Params(String preset, String policy, int gpus, int workloads, double days, double mtbfHours,
            ScaleScenario.Shapes shapes, long seed) {

        /** DESIGN.md's scale fleet (99,840 GPUs), 20,000 mixed workloads over 14 days, node MTBF 200 h. */
        public static Params scale(String policy, long seed) {
            return new Params("scale", policy, 100_000, 20_000, 14, 200, ScaleScenario.Shapes.MIXED, seed);
        }

        /**
         * Many events per scheduling cycle: 4,096 GPUs, 300,000 workloads of 1 to 8 GPUs running 1 to 60 minutes over
         * 14 days (about 15 arrivals a simulated minute), node MTBF 10 h.
         */
        public static Params eventHeavy(String policy, long seed) {
            return new Params("event-heavy", policy, 4_096, 300_000, 14, 10, new ScaleScenario.Shapes(8, 1, 60), seed);
        }
    }

    /**
     * What a run measured. {@code events} are all the happenings handled, {@code eventsByKind} the same by kind;
     * {@code cycles} of them were scheduling cycles, which took {@code cycleSeconds} of the {@code seconds} (wall
     * clock); {@code cpuSeconds} is the CPU time the simulating thread used meanwhile, {@code allocatedBytes} what it
     * allocated. {@code outcomeHash} fingerprints what was simulated (the summary but for the wall clock): the same for
     * two builds that simulate the same. {@code engineWork} is what the engine did, counted: the same every run.
     */
    public record Result(String preset, String policy, int fleetGpus, int workloads, double days, double nodeMtbfHours,
            int maxJobGpus, int minJobMinutes, int maxJobMinutes, long seed, long events, double seconds,
            double eventsPerSecond, double cpuSeconds, long allocatedBytes, int completed, long cycles, long idleCycles, double cycleSeconds,
            Map<String, Long> eventsByKind, String outcomeHash, Work engineWork, int warmupRounds, FirstRound firstRound,
            List<Double> measuredRounds, Profile.Summary profile) {

        /**
         * This run's figures with what the runs around it were: the warm-up before it (its first run, the cold one), the
         * events/s of every measured run, and the profile of the last.
         */
        Result withRounds(int warmup, FirstRound cold, List<Double> rounds, Profile.Summary profile) {
            return new Result(preset, policy, fleetGpus, workloads, days, nodeMtbfHours, maxJobGpus, minJobMinutes,
                    maxJobMinutes, seed, events, seconds, eventsPerSecond, cpuSeconds, allocatedBytes, completed, cycles, idleCycles,
                    cycleSeconds, eventsByKind, outcomeHash, engineWork, warmup, cold, rounds, profile);
        }

        /** Events per second of CPU time of the simulating thread: less sensitive than the wall clock to a busy machine. */
        public double eventsPerCpuSecond() {
            return cpuSeconds <= 0 ? 0 : events / cpuSeconds;
        }

        /** Events per second of the time outside scheduling cycles. */
        public double eventsPerSecondOutsideCycles() {
            double outside = seconds - cycleSeconds;
            return outside <= 0 ? 0 : (events - cycles) / outside;
        }
    }

    /** The first warm-up round's figures: the simulator as a freshly started JVM runs it, while the JIT compiles it. */
    public record FirstRound(double seconds, double eventsPerSecond, double eventsPerCpuSecond) {}

    private SimulatorBenchmark() {}

    /**
     * Runs it {@code warmup} times unmeasured, then {@code rounds} times measured ({@link Rounds}), and returns the
     * measured run of median events per second (the rates of all listed); with a {@code profile} file (else null), the
     * last measured run's CPU samples are recorded there and summed up.
     */
    public static Result run(Params p, int warmup, int rounds, java.nio.file.Path profile, Consumer<String> progress) {
        Rounds.Outcome<Result> o = Rounds.run(warmup, rounds, profile, progress, (file, said) -> round(p, file, said),
                Result::eventsPerSecond, Result::outcomeHash, "simulated");
        FirstRound cold = o.cold() == null ? null
                : new FirstRound(o.cold().seconds(), o.cold().eventsPerSecond(), o.cold().eventsPerCpuSecond());
        return o.median().withRounds(warmup, cold, o.speeds(), o.last().profile());
    }

    private static Result round(Params p, java.nio.file.Path profile, Consumer<String> progress) {
        Fleet fleet = ScaleScenario.fleet(p.gpus());
        Instant start = Instant.parse("2027-01-04T00:00:00Z");
        double gapHours = p.days() * 24 / p.workloads();
        Faults faults = new Faults(true, p.mtbfHours(), Duration.ofHours(2), List.of(), 0, Duration.ofHours(1));
        Simulation.Options options = new Simulation.Options(p.seed(), Simulation.DEFAULT_TICK, faults,
                start.plusSeconds((long) (p.days() * 86_400)));
        System.gc();   // the previous round's garbage is collected before the clocks start, not on them
        Simulation simulation = new Simulation(fleet, Policies.byName(p.policy()), new Generated(p, start, gapHours), start,
                options, r -> {});
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Profile profiling = Profile.start(profile);   // before the clock: starting the recorder takes a while
        long cpuBefore = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
        long bytesBefore = Allocated.byThisThread();
        Summary s = simulation.run(progress);
        double cpuSeconds = threads.isCurrentThreadCpuTimeSupported() ? (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9 : 0;
        long allocated = Allocated.byThisThread() - bytesBefore;
        Profile.Summary where = profiling == null ? null : profiling.stop();
        Map<String, Long> byKind = new LinkedHashMap<>();
        simulation.eventsByKind().forEach((kind, n) -> byKind.put(kind.label(), n));
        return new Result(p.preset(), p.policy(), fleet.sites().stream().mapToInt(site -> site.pool().gpus()).sum(),
                p.workloads(), p.days(), p.mtbfHours(), p.shapes().maxGpus(), p.shapes().minMinutes(),
                p.shapes().minMinutes() + p.shapes().spreadMinutes() - 1, p.seed(), s.events(), s.wallSeconds(),
                s.eventsPerSecond(), cpuSeconds, allocated, s.completed(), simulation.cycles(), simulation.idleCycles(), simulation.cycleSeconds(),
                byKind, outcomeHash(s), simulation.engine().work(), 0, null, List.of(), where);
    }

    /**
     * The run's workloads, made as the simulation reads them (one every {@code gapHours}, drawn from the seed in order):
     * the run's memory holds the work in flight, not all of it.
     */
    private static final class Generated implements WorkloadSource {
        private final Params p;
        private final Instant start;
        private final double gapHours;
        private final SplittableRandom random;
        private int next;

        Generated(Params p, Instant start, double gapHours) {
            this.p = p;
            this.start = start;
            this.gapHours = gapHours;
            this.random = new SplittableRandom(p.seed());
        }

        @Override
        public String name() {
            return p.preset();
        }

        @Override
        public boolean hasNext() {
            return next < p.workloads();
        }

        @Override
        public Arrival next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            var w = ScaleScenario.workload(random, next, p.shapes());
            return new Arrival(start.plusMillis((long) (next++ * gapHours * 3_600_000)), w.name(), w);
        }
    }

    /** A fingerprint of the summary without its wall-clock time, worked out after the clock stopped. */
    static String outcomeHash(Summary summary) {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) dev.quartermaster.api.Json.MAPPER.valueToTree(summary);
        json.remove(List.of("wallSeconds", "eventsPerSecond"));
        return new Fingerprint().line(json.toString()).hex();
    }
}
