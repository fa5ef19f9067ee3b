package dev.quartermaster.sim;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A three-tier scenario for a fleet like examples/fleet.yaml: Poisson arrivals of pretraining gangs (hundreds to
 * thousands of B200 or H100 GPUs), fine-tuning on restricted data, inference deployments in two regions, and batches
 * of small jobs. Each workload goes to a team with quota for its accelerators. Deterministic by seed.
 */
public final class SyntheticScenario {

    private SyntheticScenario() {}

    /**
     * {@code count} draws of the scenario (those the fleet has no accelerator or team for are left out), made as the
     * simulation reads them: its memory holds the work in flight, not all of it. The draws are made once beforehand
     * too, only to count the workloads for the source's name.
     */
    public static WorkloadSource generate(Fleet fleet, int count, double jobsPerHour, long seed, Instant start) {
        Draws counting = new Draws(fleet, count, jobsPerHour, seed, start, null);
        int workloads = 0;
        while (counting.hasNext()) {
            counting.next();
            workloads++;
        }
        return new Draws(fleet, count, jobsPerHour, seed, start,
                "synthetic three-tier (" + workloads + " workloads, seed " + seed + ")");
    }

    /** The scenario's arrivals, drawn one at a time from the seed. */
    private static final class Draws extends ReadAheadSource {
        private final Fleet fleet;
        private final int count;
        private final double jobsPerHour;
        private final SplittableRandom random;
        private final String name;
        private final List<String> regions;
        private Instant at;
        private int drawn;

        Draws(Fleet fleet, int count, double jobsPerHour, long seed, Instant start, String name) {
            this.fleet = fleet;
            this.count = count;
            this.jobsPerHour = jobsPerHour;
            this.random = new SplittableRandom(seed);
            this.name = name;
            this.regions = fleet.sites().stream().filter(s -> s.tier() == dev.quartermaster.fleet.Tier.HYPERSCALER)
                    .map(s -> s.cluster().region()).distinct().limit(2).toList();
            this.at = start;
        }

        @Override
        protected Arrival read() {
            while (drawn < count) {
                int i = drawn++;
                at = at.plusMillis((long) (-Math.log(1 - random.nextDouble()) / jobsPerHour * 3_600_000.0));
                Workload w = SyntheticScenario.next(fleet, random, "s" + i, regions);
                if (w != null) {
                    return new Arrival(at, w.name(), w);
                }
            }
            return null;
        }

        @Override
        public String name() {
            return name;
        }
    }

    private static Workload next(Fleet fleet, SplittableRandom random, String id, List<String> regions) {
        int roll = random.nextInt(100);
        if (roll < 4) {
            int gpus = 256 << random.nextInt(4);
            return workload(fleet, random, id + "-pretrain", WorkloadKind.TRAINING, Priority.HIGH, DataClass.INTERNAL, gpus,
                    speeds("B200", 2.2, "H100", 1.0), Topology.BLOCK, hours(random, 6, 48), Duration.ofMinutes(30), List.of(), 1);
        }
        if (roll < 20) {
            int gpus = 8 << random.nextInt(4);
            return workload(fleet, random, id + "-finetune", WorkloadKind.FINE_TUNING, Priority.NORMAL, DataClass.RESTRICTED,
                    gpus, speeds("H100", 1.0, "MTIA2", 0.7), Topology.BLOCK, hours(random, 2, 12), Duration.ofMinutes(20),
                    List.of(), 1);
        }
        if (roll < 28 && !regions.isEmpty()) {
            return workload(fleet, random, id + "-serve", WorkloadKind.INFERENCE, Priority.CRITICAL, DataClass.INTERNAL, 8,
                    speeds("H200", 1.4, "H100", 1.0), Topology.NODE, hours(random, 4, 24), null, regions, 2 + random.nextInt(3));
        }
        int gpus = 1 << random.nextInt(4);
        return workload(fleet, random, id + "-batch", WorkloadKind.BATCH, random.nextBoolean() ? Priority.LOW : Priority.NORMAL,
                DataClass.INTERNAL, gpus, speeds("H100", 1.0, "MI300X", 0.9, "H200", 1.3), Topology.NODE,
                hours(random, 0.2, 4), Duration.ofMinutes(15), List.of(), 1);
    }

    private static Map<String, Double> speeds(Object... typeAndSpeed) {
        Map<String, Double> speeds = new LinkedHashMap<>();
        for (int i = 0; i < typeAndSpeed.length; i += 2) {
            speeds.put((String) typeAndSpeed[i], (Double) typeAndSpeed[i + 1]);
        }
        return speeds;
    }

    private static Duration hours(SplittableRandom random, double min, double max) {
        return Duration.ofSeconds((long) ((min + random.nextDouble() * (max - min)) * 3600));
    }

    /** The workload, with only the accelerators the fleet has, for a team with quota for them; null when none has. */
    private static Workload workload(Fleet fleet, SplittableRandom random, String name, WorkloadKind kind, int priority,
            DataClass dataClass, int gpus, Map<String, Double> speeds, Topology topology, Duration duration,
            Duration checkpoint, List<String> regions, int replicas) {
        speeds.keySet().removeIf(type -> fleet.accelerator(type).isEmpty());
        List<Team> teams = fleet.teams().stream()
                .filter(t -> speeds.keySet().stream().anyMatch(type -> t.quotaFor(type).ceiling() >= gpus))
                .toList();
        if (speeds.isEmpty() || teams.isEmpty()) {
            return null;
        }
        Team team = teams.get(random.nextInt(teams.size()));
        return new Workload(name, team.name(), kind, priority, dataClass, gpus, Math.min(gpus, 8), speeds, null,
                gpus <= 8 ? Topology.NODE : topology, new Work.Estimate(duration), checkpoint, regions, replicas, null, null);
    }
}
