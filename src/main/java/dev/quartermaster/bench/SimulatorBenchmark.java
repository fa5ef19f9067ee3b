package dev.quartermaster.bench;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.Faults;
import dev.quartermaster.sim.ListSource;
import dev.quartermaster.sim.Simulation;
import dev.quartermaster.sim.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An event-heavy simulation for the simulator's speed: the scale fleet of {@link ScaleScenario}, its mixed workloads
 * arriving steadily, spot interruptions, node failures and repairs, for a fixed stretch of simulated time.
 */
public final class SimulatorBenchmark {

    public record Result(int fleetGpus, int workloads, double days, double nodeMtbfHours, long events, double seconds,
            double eventsPerSecond, int completed) {}

    private SimulatorBenchmark() {}

    public static Result run(String policy, int gpus, int workloads, double days, double mtbfHours, long seed,
            Consumer<String> progress) {
        Fleet fleet = ScaleScenario.fleet(gpus);
        Instant start = Instant.parse("2027-01-04T00:00:00Z");
        SplittableRandom random = new SplittableRandom(seed);
        List<Arrival> arrivals = new ArrayList<>(workloads);
        double gapHours = days * 24 / workloads;
        for (int i = 0; i < workloads; i++) {
            var w = ScaleScenario.workload(random, i);
            arrivals.add(new Arrival(start.plusMillis((long) (i * gapHours * 3_600_000)), w.name(), w));
        }
        Faults faults = new Faults(true, mtbfHours, Duration.ofHours(2), List.of(), 0, Duration.ofHours(1));
        Simulation.Options options = new Simulation.Options(seed, Simulation.DEFAULT_TICK, faults,
                start.plusSeconds((long) (days * 86_400)));
        Summary s = new Simulation(fleet, Policies.byName(policy), new ListSource("scale", arrivals), start, options, r -> {})
                .run(progress);
        return new Result(fleet.sites().stream().mapToInt(site -> site.pool().gpus()).sum(), workloads, days, mtbfHours,
                s.events(), s.wallSeconds(), s.eventsPerSecond(), s.completed());
    }
}
