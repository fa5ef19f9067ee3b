package dev.quartermaster.engine;

import static dev.quartermaster.engine.TestFleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random scenarios: 10,000 events each (submissions of every shape, finishes, cancels, node failures, spot
 * interruptions, cluster outages, resizes, contract changes, ticks), with every invariant checked after every event,
 * and the same seed giving the same decisions byte for byte.
 */
class RandomScenarioTest {

    static final int EVENTS = 10_000;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    static LongStream fewSeeds() {
        return LongStream.rangeClosed(1, 3);
    }

    /** Three tiers, small pools so that work contends: 2 in-house, 1 specialized with a contract, 2 hyperscaler. */
    static Fleet contendedFleet() {
        return fleet()
                .provider("own", Tier.IN_HOUSE).certified()
                .cluster("dc1", "us-west", "H100", 6, 3, 1.0)
                .cluster("dc2", "us-east", "MI300X", 4, 2, 0.9).done()
                .provider("ai", Tier.SPECIALIZED)
                .cluster("ai-eu", "eu-north", "B200", 8, 4, 5.0)
                .contract("deal", "ai-eu/b200", 32, 2.5).done()
                .provider("cloud", Tier.HYPERSCALER)
                .cluster("aws", "us-east", TestFleets.onDemand("h100-od", "H100", 6, 6.0, 15),
                        TestFleets.spot("h100-spot", "H100", 4, 2.0, 0.1))
                .cluster("gcp", "eu-west", TestFleets.onDemand("h100-od", "H100", 4, 4.0, 20)).done()
                .team("pretrain", "research", 3, TestFleets.quota("B200", new Quota(48, 32, 16), "H100", 32))
                .team("tuning", "research", 2, TestFleets.quota("H100", new Quota(32, 16, 16), "MI300X", 16))
                .team("serving", "product", 2, TestFleets.quota("H100", 64))
                .team("adhoc", "product", 1, TestFleets.quota("H100", new Quota(16, 32, 8), "MI300X", 16))
                .build();
    }

    /** The contended fleet with teams in no cohort: nobody borrows, every team is capped at its nominal quota. */
    static Fleet fleetWithoutBorrowing() {
        Fleet contended = contendedFleet();
        return new Fleet(contended.accelerators(), contended.providers(), contended.teams().stream()
                .map(t -> new dev.quartermaster.fleet.Team(t.name(), null, t.weight(), t.quota(), t.normalizedQuota()))
                .toList(), contended.tierPreferences());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void invariantsHoldAfterEveryEvent(long seed) {
        String policy = seed % 3 == 0 ? "fifo" : seed % 3 == 1 ? "cost" : "fair";
        assertThat(run(seed, policy, true)).isNotEmpty();
    }

    /** Seeds 1 to 100 (1 to 400 all pass too, in about 14 s). */
    static LongStream manySeeds() {
        return LongStream.rangeClosed(1, 100);
    }

    /**
     * After every 50 events, cycles with nothing else happening until two in a row decide nothing: then no pending
     * workload fits where it could run, unless a reservation holds it back (work-conserving: room is never left idle
     * beside work that fits it).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("manySeeds")
    void noWorkWaitsBesideRoomItFits(long seed) {
        String policy = seed % 2 == 0 ? "cost" : "fair";
        Scenario scenario = new Scenario(seed, policy);
        Engine engine = scenario.engine;
        for (int i = 0; i < EVENTS / 2; i++) {
            engine.apply(scenario.next(i));
            if (i % 50 == 49) {
                settle(scenario);
                assertThat(engine.pendingThatFits()).as("seed %d, event %d", seed, i).isEmpty();
            }
        }
    }

    /**
     * Cycles a second apart until two in a row decide nothing, at most 20 (room that preemption freed is handed out the
     * cycle after; a reservation let go frees its room for the cycle after).
     */
    private static void settle(Scenario scenario) {
        int quiet = 0;
        for (int t = 0; t < 20 && quiet < 2; t++) {
            quiet = scenario.engine.apply(new Event.Tick()).isEmpty() ? quiet + 1 : 0;
            scenario.clock.advance(Duration.ofSeconds(1));
        }
    }

    /**
     * Teams that may not borrow: work over its team's quota that lacks room too stops its team's lesser work for the
     * quota and others' for the room; invariants hold and no room stays idle beside work that fits it (preemption that
     * went round in circles would never let two cycles in a row be quiet).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void teamsThatMayNotBorrowKeepTheInvariantsAndLeaveNoRoomIdle(long seed) {
        Scenario scenario = new Scenario(seed, seed % 2 == 0 ? "cost" : "fair", fleetWithoutBorrowing());
        int preempted = 0;
        for (int i = 0; i < EVENTS / 2; i++) {
            Event event = scenario.next(i);
            preempted += (int) scenario.engine.apply(event).stream().filter(d -> d instanceof Decision.Preempt).count();
            assertThat(scenario.engine.checkInvariants()).as("seed %d, event %d: %s", seed, i, event).isEmpty();
            if (i % 50 == 49) {
                settle(scenario);
                assertThat(scenario.engine.pendingThatFits()).as("seed %d, event %d", seed, i).isEmpty();
            }
        }
        assertThat(preempted).as("the scenario preempts").isGreaterThan(10);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fewSeeds")
    void sameSeedSameDecisions(long seed) {
        String policy = seed % 3 == 0 ? "fifo" : seed % 3 == 1 ? "cost" : "fair";
        String once = run(seed, policy, false);
        assertThat(run(seed, policy, false)).isEqualTo(once);
        assertThat(run(seed + 1000, policy, false)).isNotEqualTo(once);
    }

    /**
     * Work the engine held once and holds no more (submitted, then cancelled before any cycle) changes no decision: the
     * heterogeneity-aware allocation, whose LP may have several best answers, takes its classes of work in an order of
     * their own, not in that of the map the engine keeps its work in (whose layout the earlier work changed).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fewSeeds")
    void workHeldOnceAndCancelledChangesNoDecision(long seed) {
        assertThat(run(seed, "hetero", false, EVENTS / 4, 3_000)).isEqualTo(run(seed, "hetero", false, EVENTS / 4, 0));
    }

    /** Runs one scenario, checking invariants after every event if asked; returns every decision, one per line. */
    static String run(long seed, String policy, boolean checkInvariants) {
        return run(seed, policy, checkInvariants, EVENTS, 0);
    }

    /** {@link #run(long, String, boolean)} of {@code events}, after {@code cancelled} workloads submitted and cancelled. */
    static String run(long seed, String policy, boolean checkInvariants, int events, int cancelled) {
        Scenario scenario = new Scenario(seed, policy);
        Engine engine = scenario.engine;
        SplittableRandom other = new SplittableRandom(-seed);
        for (int i = 0; i < cancelled; i++) {
            engine.apply(new Event.Submitted("gone" + i, randomWorkload(other, "gone" + i)));
        }
        for (int i = 0; i < cancelled; i++) {
            engine.apply(new Event.Cancelled("gone" + i));
        }
        StringBuilder log = new StringBuilder();
        int placed = 0;
        for (int i = 0; i < events; i++) {
            Event event = scenario.next(i);
            List<Decision> decisions = engine.apply(event);
            if (checkInvariants) {
                assertThat(engine.checkInvariants()).as("seed %d, event %d: %s", seed, i, event).isEmpty();
            }
            for (Decision d : decisions) {
                log.append(i).append(' ').append(d).append('\n');
                placed += d instanceof Decision.Place ? 1 : 0;
            }
        }
        assertThat(placed).as("the scenario places work").isGreaterThan(50);
        return log.toString();
    }

    /** The contended fleet, an engine with the policy, and the seeded stream of events fed to it. */
    static final class Scenario {
        final Fleet fleet;
        final SplittableRandom random;
        final ManualClock clock = ManualClock.at("2027-01-04T00:00:00Z");
        final Engine engine;
        final List<PoolRef> pools;
        final List<String> clusters;
        final List<String> ids = new ArrayList<>();

        Scenario(long seed, String policy) {
            this(seed, policy, contendedFleet());
        }

        Scenario(long seed, String policy, Fleet fleet) {
            this.fleet = fleet;
            this.pools = fleet.sites().stream().map(s -> s.ref()).toList();
            this.clusters = fleet.sites().stream().map(s -> s.cluster().name()).distinct().toList();
            this.random = new SplittableRandom(seed);
            this.engine = new Engine(fleet, Policies.byName(policy), clock, new SplittableRandom(seed ^ 0x5eed));
        }

        /** Event {@code i}, up to ten minutes after the one before. */
        Event next(int i) {
            clock.advance(Duration.ofSeconds(random.nextInt(600)));
            return nextEvent(random, fleet, pools, clusters, ids, i);
        }
    }

    static Event nextEvent(SplittableRandom random, Fleet fleet, List<PoolRef> pools, List<String> clusters,
            List<String> ids, int i) {
        int roll = random.nextInt(100);
        PoolRef pool = pools.get(random.nextInt(pools.size()));
        int poolNodes = fleet.site(pool).orElseThrow().pool().nodes();
        if (roll < 35 || ids.isEmpty()) {
            String id = "w" + i;
            ids.add(id);
            return new Event.Submitted(id, randomWorkload(random, id));
        }
        String someId = ids.get(random.nextInt(ids.size()));
        if (roll < 55) {
            return new Event.Tick();
        }
        if (roll < 70) {
            return new Event.Finished(someId);
        }
        if (roll < 73) {
            return new Event.Cancelled(someId);
        }
        if (roll < 76) {
            return new Event.Failed(someId, "exit 1");
        }
        if (roll < 82) {
            return new Event.CheckpointTaken(someId);
        }
        if (roll < 86) {
            return new Event.NodeDown(pool, random.nextInt(poolNodes));
        }
        if (roll < 91) {
            return new Event.NodeUp(pool, random.nextInt(poolNodes));
        }
        if (roll < 94) {
            return new Event.SpotInterrupted(pool, random.nextInt(poolNodes));
        }
        if (roll < 96) {
            return new Event.ClusterHealth(clusters.get(random.nextInt(clusters.size())), random.nextBoolean());
        }
        if (roll < 98) {
            return new Event.PoolResized(pool, 1 + random.nextInt(poolNodes));
        }
        return random.nextBoolean() ? new Event.ContractEnded("deal") : new Event.ContractStarted("deal");
    }

    static dev.quartermaster.workload.Workload randomWorkload(SplittableRandom random, String id) {
        String[] teams = {"pretrain", "tuning", "serving", "adhoc"};
        int[] priorities = {Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL};
        TestWorkloads w = TestWorkloads.workload(id).team(teams[random.nextInt(teams.length)])
                .priority(priorities[random.nextInt(priorities.length)])
                .hours(0.1 + random.nextDouble() * 6);
        switch (random.nextInt(6)) {
            case 0 -> w.gpus(1 << random.nextInt(4)).on("H100", 1.0, "MI300X", 0.8).kind(WorkloadKind.BATCH);
            case 1 -> w.gpus(8 * (1 + random.nextInt(4))).on("B200", 2.2, "H100", 1.0).topology(Topology.BLOCK)
                    .checkpointEvery(Duration.ofMinutes(30));
            case 2 -> w.gpus(8 * (1 + random.nextInt(3))).on("H100", 1.0).topology(Topology.CLUSTER).restricted()
                    .kind(WorkloadKind.FINE_TUNING);
            case 3 -> w.gpus(8).on("H100", 1.0).service().replicas(1 + random.nextInt(3)).regions("us-east", "eu-west");
            case 4 -> w.gpus(4, 4).on("MI300X", 1.0);
            default -> w.gpus(2).on("H100", 1.0, "B200", 1.5).checkpointEvery(Duration.ofMinutes(10));
        }
        return w.build();
    }
}
