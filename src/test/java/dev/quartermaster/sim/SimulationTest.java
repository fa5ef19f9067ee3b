package dev.quartermaster.sim;

import static dev.quartermaster.engine.TestFleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.engine.TestFleets;
import dev.quartermaster.engine.TestWorkloads;
import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulationTest {

    static final Instant START = Instant.parse("2027-01-04T00:00:00Z");

    /** Two in-house nodes of 8 H100 at $1 per GPU-hour. */
    static Fleet twoNodes() {
        return fleet().provider("own", Tier.IN_HOUSE).cluster("dc", "us-west", "H100", 2, 2, 1.0).done()
                .team("a", "H100", 64).build();
    }

    static Arrival at(double hours, Workload w) {
        return new Arrival(START.plusMillis((long) (hours * 3_600_000)), w.name(), w);
    }

    /** A (8 GPUs, 2 h), B (16 GPUs, 1 h), C (8 GPUs, 1 h), all at time 0. */
    static List<Arrival> abc() {
        return List.of(
                at(0, TestWorkloads.workload("A").gpus(8).hours(2).build()),
                at(0, TestWorkloads.workload("B").gpus(16).topology(Topology.CLUSTER).hours(1).build()),
                at(0, TestWorkloads.workload("C").gpus(8).hours(1).build()));
    }

    static Summary run(Fleet fleet, String policy, List<Arrival> arrivals, Simulation.Options options, List<JobRecord> out) {
        return new Simulation(fleet, Policies.byName(policy), new ListSource("test", arrivals), START, options, out::add)
                .run(line -> {});
    }

    /** FIFO: A runs 0-2 h; B waits for both nodes, 2-3 h; C waits behind B, 3-4 h. */
    @Test
    void fifoGoldenRun() {
        List<JobRecord> records = new ArrayList<>();
        Summary s = run(twoNodes(), "fifo", abc(), Simulation.Options.seed(1), records);
        Map<String, JobRecord> byName = records.stream().collect(Collectors.toMap(JobRecord::name, r -> r));
        assertThat(byName.get("A").jct()).isEqualTo(2 * 3600.0);
        assertThat(byName.get("B").waitSeconds()).isEqualTo(2 * 3600.0);
        assertThat(byName.get("B").jct()).isEqualTo(3 * 3600.0);
        assertThat(byName.get("C").waitSeconds()).isEqualTo(3 * 3600.0);
        assertThat(byName.get("C").jct()).isEqualTo(4 * 3600.0);
        assertThat(s.completed()).isEqualTo(3);
        assertThat(s.jctHours().mean()).isCloseTo(3.0, within(1e-9));
        // Alone, A, B and C take 2, 1 and 1 hours: slowdowns 1, 3 and 4.
        assertThat(byName.get("C").bestRunSeconds()).isEqualTo(3600.0);
        assertThat(s.slowdown().mean()).isCloseTo(8.0 / 3, within(1e-9));
        assertThat(s.slowdown().max()).isCloseTo(4.0, within(1e-9));
        assertThat(s.waitHours().mean()).isCloseTo(5.0 / 3, within(1e-9));
        assertThat(s.makespanHours()).isCloseTo(4.0, within(1e-9));
        // 16 + 16 + 8 GPU-hours at $1; two nodes for 4 hours hold 64 GPU-hours.
        assertThat(s.gpuHours()).isCloseTo(40, within(1e-9));
        assertThat(s.cost()).isCloseTo(40, within(1e-9));
        assertThat(s.tierUtilization().get("in-house")).isCloseTo(40 / 64.0, within(1e-9));
        assertThat(s.costByTeam()).containsEntry("a", 40.0);
    }

    /**
     * A pool there from 1 h to 3 h: A (1 h) runs 1-2 h; B (4 h, no checkpoints) starts at 1 h, loses its run at 3 h and
     * waits until the horizon.
     */
    @Test
    void aPoolWindowKeepsWorkOffThePoolOutsideIt() {
        List<JobRecord> records = new ArrayList<>();
        Simulation.PoolWindow window = new Simulation.PoolWindow(dev.quartermaster.fleet.PoolRef.parse("pool", "dc/h100"),
                START.plus(Duration.ofHours(1)), START.plus(Duration.ofHours(3)));
        Summary s = run(twoNodes(), "fifo", List.of(at(0, TestWorkloads.workload("A").gpus(8).hours(1).build()),
                at(0, TestWorkloads.workload("B").gpus(8).hours(4).build())),
                new Simulation.Options(1, Simulation.DEFAULT_TICK, Faults.SPOT_ONLY, START.plus(Duration.ofHours(10)))
                        .withPoolWindows(List.of(window)), records);
        Map<String, JobRecord> byName = records.stream().collect(Collectors.toMap(JobRecord::name, r -> r));
        assertThat(byName.get("A").waitSeconds()).isEqualTo(3600.0);
        assertThat(byName.get("A").jct()).isEqualTo(2 * 3600.0);
        assertThat(byName.get("B").outcome()).isEqualTo("unfinished");
        assertThat(byName.get("B").lostGpuHours()).isCloseTo(16, within(1e-9)); // 8 GPUs from 1 h to 3 h
        assertThat(s.completed()).isEqualTo(1);
    }

    /** Backfill: C (1 h) fits in the hole before B's reserved start at 2 h, so it runs 0-1 h and B still starts at 2 h. */
    @Test
    void backfillGoldenRun() {
        List<JobRecord> records = new ArrayList<>();
        Summary s = run(twoNodes(), "fair", abc(), Simulation.Options.seed(1), records);
        Map<String, JobRecord> byName = records.stream().collect(Collectors.toMap(JobRecord::name, r -> r));
        assertThat(byName.get("C").jct()).isEqualTo(3600.0);
        assertThat(byName.get("B").start()).isEqualTo(2 * 3600.0);
        assertThat(s.jctHours().mean()).isCloseTo(2.0, within(1e-9));
        assertThat(s.makespanHours()).isCloseTo(3.0, within(1e-9));
    }

    /** Idle commitments are paid: a contract of 16 GPUs used for 8 GPU-hours out of 16 leaves 8 GPU-hours idle. */
    @Test
    void idleCommittedDollars() {
        Fleet f = fleet().provider("ai", Tier.SPECIALIZED).cluster("ai-eu", "eu-north", "H100", 2, 2, 6.0)
                .contract("deal", "ai-eu/h100", 16, 2.5).done().team("a", "H100", 64).build();
        List<Arrival> one = List.of(at(0, TestWorkloads.workload("A").gpus(8).hours(1).build()),
                at(0.5, TestWorkloads.workload("B").gpus(8).hours(0.5).build()));
        Summary s = run(f, "cost", one, Simulation.Options.seed(1), new ArrayList<>());
        // 1 hour of 16 committed GPUs: 16 GPU-hours at $2.50; A and B use 8 + 4 of them.
        assertThat(s.makespanHours()).isCloseTo(1.0, within(1e-9));
        assertThat(s.cost()).isCloseTo(12 * 2.5, within(1e-9));
        assertThat(s.committedUtilization()).isCloseTo(12 / 16.0, within(1e-9));
        assertThat(s.idleCommittedDollars()).isCloseTo(4 * 2.5, within(1e-9));
    }

    /**
     * Conservation under spot interruptions and node failures: GPU-hours consumed equal the work (GPUs x hours at
     * the speed it ran) plus the work lost to interruptions; the ledger equals the GPU-hours times the prices.
     */
    @Test
    void gpuHoursAreWorkPlusLostWork() {
        Fleet f = fleet().provider("cloud", Tier.HYPERSCALER)
                .cluster("aws", "us-east", TestFleets.spot("spot", "H100", 4, 2.0, 0.2)).done()
                .team("a", "H100", 64).build();
        SplittableRandom random = new SplittableRandom(3);
        List<Arrival> arrivals = new ArrayList<>();
        double work = 0;
        for (int i = 0; i < 200; i++) {
            double hours = 0.5 + random.nextDouble() * 3;
            int gpus = 1 << random.nextInt(4);
            work += gpus * hours;
            arrivals.add(at(i * 0.25, TestWorkloads.workload("j" + i).gpus(gpus).hours(hours)
                    .checkpointEvery(Duration.ofMinutes(20)).priority(Priority.NORMAL).build()));
        }
        List<JobRecord> records = new ArrayList<>();
        Faults faults = new Faults(true, 200, Duration.ofHours(1), List.of(), 0, Duration.ofHours(1));
        Summary s = run(f, "fair", arrivals, new Simulation.Options(3, Duration.ofSeconds(60), faults, null), records);
        assertThat(s.completed()).isEqualTo(200);
        assertThat(s.preemptions() + s.lostGpuHours()).as("interruptions happened").isPositive();
        // Finish times are rounded up to the millisecond: allow a millisecond per job segment.
        assertThat(s.gpuHours()).isCloseTo(work + s.lostGpuHours(), within(0.01));
        assertThat(s.cost()).isCloseTo(s.gpuHours() * 2.0, within(0.02));
        assertThat(records.stream().mapToDouble(JobRecord::cost).sum()).isCloseTo(s.cost(), within(1e-6));
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        Fleet f = fleet().provider("cloud", Tier.HYPERSCALER)
                .cluster("aws", "us-east", TestFleets.spot("spot", "H100", 4, 2.0, 0.3)).done()
                .team("a", "H100", 64).build();
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            arrivals.add(at(i * 0.1, TestWorkloads.workload("j" + i).gpus(8).hours(2).build()));
        }
        Faults faults = Faults.SPOT_ONLY;
        List<JobRecord> one = new ArrayList<>();
        List<JobRecord> two = new ArrayList<>();
        List<JobRecord> other = new ArrayList<>();
        run(f, "fair", arrivals, new Simulation.Options(5, Duration.ofSeconds(60), faults, null), one);
        run(f, "fair", arrivals, new Simulation.Options(5, Duration.ofSeconds(60), faults, null), two);
        run(f, "fair", arrivals, new Simulation.Options(6, Duration.ofSeconds(60), faults, null), other);
        assertThat(two).isEqualTo(one);
        assertThat(other).isNotEqualTo(one);
    }

    /**
     * A run is a function of its seed, byte for byte: an event-rich run (three tiers with contracts, spot
     * interruptions, node failures and repairs, random outages, preemption) twice gives the same records and the same
     * summary, series and counts of events by kind included (all but the wall-clock time).
     */
    @Test
    void sameSeedGivesByteIdenticalRecordsAndSummary() throws Exception {
        record Outcome(List<String> records, String summary, Map<EventKind, Long> byKind, long cycles) {}
        java.util.function.Supplier<Outcome> once = () -> {
            Fleet f = dev.quartermaster.bench.ScaleScenario.fleet(4096);
            SplittableRandom random = new SplittableRandom(7);
            List<Arrival> arrivals = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                Workload w = dev.quartermaster.bench.ScaleScenario.workload(random, i,
                        new dev.quartermaster.bench.ScaleScenario.Shapes(256, 5, 240));
                arrivals.add(at(i * 0.02, w));
            }
            Faults faults = new Faults(true, 50, Duration.ofHours(1), List.of(), 3, Duration.ofHours(1));
            List<JobRecord> records = new ArrayList<>();
            Simulation simulation = new Simulation(f, Policies.byName("fair"), new ListSource("rich", arrivals), START,
                    new Simulation.Options(11, Duration.ofSeconds(60), faults, START.plus(Duration.ofDays(3)))
                            .withPoolWindows(List.of(new Simulation.PoolWindow(f.sites().get(0).ref(),
                                    START.plus(Duration.ofDays(1)), START.plus(Duration.ofDays(2))))), records::add);
            Summary s = simulation.run(line -> {});
            try {
                var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                        .findAndRegisterModules().valueToTree(s);
                json.remove("wallSeconds");
                assertThat(s.events()).isEqualTo(simulation.eventsByKind().values().stream().mapToLong(Long::longValue).sum());
                return new Outcome(records.stream().map(JobRecord::csv).toList(), json.toString(), simulation.eventsByKind(),
                        simulation.cycles());
            } catch (IllegalArgumentException e) {
                throw new AssertionError(e);
            }
        };
        Outcome one = once.get();
        Outcome two = once.get();
        assertThat(one.records()).hasSizeGreaterThan(2000);
        assertThat(one.byKind()).allSatisfy((kind, n) -> {
            if (kind != EventKind.CONTRACT_DATE) {
                assertThat(n).as(kind.label()).isPositive();
            }
        });
        assertThat(one.cycles()).isEqualTo(one.byKind().get(EventKind.CYCLE));
        assertThat(two.records()).isEqualTo(one.records());
        assertThat(two.summary()).isEqualTo(one.summary());
        assertThat(two.byKind()).isEqualTo(one.byKind());
    }

    @Test
    void workThatCanNeverRunIsRecordedAsRejected() {
        List<JobRecord> records = new ArrayList<>();
        Summary s = run(twoNodes(), "fair", List.of(at(0, TestWorkloads.workload("huge").gpus(64)
                .topology(Topology.CLUSTER).build())), Simulation.Options.seed(1), records);
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(records).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo("rejected"));
    }
}
