package dev.quartermaster.engine;

import static dev.quartermaster.engine.TestFleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.engine.policy.VictimOrder;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random runs of the engine written out as a log of every decision, event by event: three fleets (contended,
 * wide, big with a contract), the four built-in policies, both built-in victim orders, and events of every kind
 * (submissions, adoption of running work, finishes, cancellations, losses, checkpoints, nodes down and up, spot
 * interruptions, cluster health, pools resized, contracts). The same seeds give the same log, with no exception. The
 * invariants are checked after every event and what they report goes into the log, compared but not asserted here:
 * work this harness has the engine adopt is taken as found, over quota or across blocks as it may be, so the rules the
 * engine keeps for its own decisions are reported broken after such an adoption ({@link RandomScenarioTest} asserts
 * them where only the engine places work). With {@code QM_DECISION_LOG} set the log is written to that file ({@code QM_DECISION_SEEDS} and
 * {@code QM_DECISION_EVENTS} size it): {@code bin/decision-diff REV} compares two builds decision by decision, which a
 * change meant only to be faster must pass. The script compiles this file in the other revision, so it keeps its own
 * workload and event generators (wider than {@link RandomScenarioTest}'s: restricted single-node work, small services,
 * adoption, lost work) rather than sharing test code that may differ there.
 */
class DecisionLogTest {

    @Test
    void theSameSeedsGiveTheSameDecisionsWithEveryInvariantKept() throws IOException {
        String file = System.getenv("QM_DECISION_LOG");
        if (file != null) {
            int seeds = Integer.parseInt(System.getenv().getOrDefault("QM_DECISION_SEEDS", "120"));
            int events = Integer.parseInt(System.getenv().getOrDefault("QM_DECISION_EVENTS", "4000"));
            try (Writer out = Files.newBufferedWriter(Path.of(file))) {
                log(seeds, events, out);
            }
            return;
        }
        StringWriter first = new StringWriter();
        StringWriter again = new StringWriter();
        log(4, 1_500, first);
        log(4, 1_500, again);
        assertThat(first.toString()).isEqualTo(again.toString()).doesNotContain("EXCEPTION")
                .contains("Preempt[", "reclaims the quota it lent", "it may run on pools", "Requeue[", "Place[");
    }

    /** Runs seeds 1 to {@code seeds} on each fleet, {@code events} events each, writing every decision. */
    static void log(int seeds, int events, Writer to) {
        PrintWriter log = new PrintWriter(to);
        for (int seed = 1; seed <= seeds; seed++) {
            for (int f = 0; f < 3; f++) {
                Fleet fleet = f == 0 ? RandomScenarioTest.contendedFleet() : f == 1 ? wideFleet() : bigFleet();
                String[] names = {"fair", "cost", "fifo", "hetero"};
                String name = names[seed % names.length];
                boolean lowest = (seed / 4) % 2 == 1;
                SplittableRandom random = new SplittableRandom(seed * 31L + f);
                ManualClock clock = ManualClock.at("2027-01-04T00:00:00Z");
                Engine engine = new Engine(fleet, policy(name, lowest), clock, new SplittableRandom(seed));
                List<PoolRef> pools = fleet.sites().stream().map(s -> s.ref()).toList();
                List<String> clusters = fleet.sites().stream().map(s -> s.cluster().name()).distinct().toList();
                List<String> ids = new ArrayList<>();
                log.println("=== seed " + seed + " fleet " + f + " " + name + " " + lowest);
                for (int i = 0; i < events; i++) {
                    clock.advance(Duration.ofSeconds(random.nextInt(600)));
                    Event e = nextEvent(random, fleet, pools, clusters, ids, i);
                    List<Decision> ds;
                    try {
                        ds = engine.apply(e);
                    } catch (RuntimeException ex) {
                        log.println(i + " EXCEPTION " + ex);
                        break;
                    }
                    for (Decision d : ds) {
                        log.println(i + " " + d);
                    }
                    List<String> broken = engine.checkInvariants();
                    if (!broken.isEmpty()) {
                        log.println(i + " INVARIANTS " + broken);
                    }
                }
            }
        }
        log.flush();
    }

    static Fleet wideFleet() {
        return fleet()
                .provider("own", Tier.IN_HOUSE).certified()
                .cluster("dc1", "us-west", new NodePool("h100", "H100", 6, false, 16, 3, 1.0, Duration.ZERO, null))
                .cluster("dc2", "us-east", "MI300X", 4, 2, 0.9).done()
                .provider("ai", Tier.SPECIALIZED)
                .cluster("ai-eu", "eu-north", "B200", 8, 4, 5.0).done()
                .provider("cloud", Tier.HYPERSCALER)
                .cluster("aws", "us-east", TestFleets.onDemand("h100-od", "H100", 6, 6.0, 15),
                        TestFleets.spot("h100-spot", "H100", 4, 2.0, 0.1))
                .cluster("gcp", "eu-west", new NodePool("h100-big", "H100", 3, false, 16, 3, 3.0, Duration.ZERO, null)).done()
                .team("pretrain", "research", 3, TestFleets.quota("B200", new Quota(48, 32, 16), "H100", 32))
                .team("tuning", "research", 2, TestFleets.quota("H100", new Quota(32, 16, 16), "MI300X", 16))
                .team("serving", "product", 2, TestFleets.quota("H100", 64))
                .team("adhoc", "product", 1, TestFleets.quota("H100", new Quota(16, 32, 8), "MI300X", 16))
                .build();
    }

    static Fleet bigFleet() {
        return fleet()
                .provider("own", Tier.IN_HOUSE).certified()
                .cluster("dc1", "us-west", "H100", 40, 8, 1.0)
                .cluster("dc2", "us-east", "MI300X", 12, 4, 0.9).done()
                .provider("ai", Tier.SPECIALIZED)
                .cluster("ai-eu", "eu-north", "B200", 16, 4, 5.0)
                .contract("deal", "ai-eu/b200", 32, 2.5).done()
                .provider("cloud", Tier.HYPERSCALER)
                .cluster("aws", "us-east", TestFleets.onDemand("h100-od", "H100", 10, 6.0, 15),
                        TestFleets.spot("h100-spot", "H100", 8, 2.0, 0.1))
                .cluster("gcp", "eu-west", TestFleets.onDemand("h100-od", "H100", 8, 4.0, 20)).done()
                .team("pretrain", "research", 3, TestFleets.quota("B200", new Quota(96, 64, 32), "H100", 128))
                .team("tuning", "research", 2, TestFleets.quota("H100", new Quota(96, 64, 32), "MI300X", 48))
                .team("serving", "product", 2, TestFleets.quota("H100", 200))
                .team("adhoc", "product", 1, TestFleets.quota("H100", new Quota(64, 64, 32), "MI300X", 48))
                .build();
    }

    static Workload randomWorkload(SplittableRandom random, String id) {
        String[] teams = {"pretrain", "tuning", "serving", "adhoc"};
        int[] priorities = {Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL};
        TestWorkloads w = TestWorkloads.workload(id).team(teams[random.nextInt(teams.length)])
                .priority(priorities[random.nextInt(priorities.length)])
                .hours(0.1 + random.nextDouble() * 6);
        switch (random.nextInt(9)) {
            case 0 -> w.gpus(1 << random.nextInt(4)).on("H100", 1.0, "MI300X", 0.8).kind(WorkloadKind.BATCH);
            case 1 -> w.gpus(8 * (1 + random.nextInt(4))).on("B200", 2.2, "H100", 1.0).topology(Topology.BLOCK)
                    .checkpointEvery(Duration.ofMinutes(30));
            case 2 -> w.gpus(8 * (1 + random.nextInt(3))).on("H100", 1.0).topology(Topology.CLUSTER).restricted()
                    .kind(WorkloadKind.FINE_TUNING);
            case 3 -> w.gpus(8).on("H100", 1.0).service().replicas(1 + random.nextInt(3)).regions("us-east", "eu-west");
            case 4 -> w.gpus(4, 4).on("MI300X", 1.0);
            case 5 -> w.gpus(2).on("H100", 1.0).restricted().checkpointEvery(Duration.ofMinutes(20));
            case 6 -> w.gpus(4).on("H100", 1.0, "MI300X", 0.9).service().replicas(1 + random.nextInt(4));
            case 7 -> w.gpus(16, 8).on("H100", 1.0).topology(Topology.BLOCK);
            default -> w.gpus(2).on("H100", 1.0, "B200", 1.5).checkpointEvery(Duration.ofMinutes(10));
        }
        return w.build();
    }

    static Event nextEvent(SplittableRandom random, Fleet fleet, List<PoolRef> pools, List<String> clusters,
            List<String> ids, int i) {
        int roll = random.nextInt(100);
        PoolRef pool = pools.get(random.nextInt(pools.size()));
        var site = fleet.site(pool).orElseThrow();
        int poolNodes = site.pool().nodes();
        if (roll < (pools.size() > 0 && fleet.site(pools.get(0)).orElseThrow().pool().nodes() == 40 ? 50 : 40) || ids.isEmpty()) {
            String id = "w" + i;
            ids.add(id);
            return new Event.Submitted(id, randomWorkload(random, id));
        }
        if (roll < 45) {   // adoption
            String id = "a" + i;
            Workload w = randomWorkload(random, id);
            boolean ok = w.speedOn(site.pool().accelerator()) > 0 && w.gpusPerNode() <= site.pool().gpusPerNode()
                    && (w.dataClass() != DataClass.RESTRICTED || site.provider().certifiedForRestrictedData());
            if (ok) {
                ids.add(id);
                List<Placement> ps = new ArrayList<>();
                for (int r = 0; r < w.replicas(); r++) {
                    List<Integer> nodes = new ArrayList<>();
                    int start = random.nextInt(poolNodes);
                    for (int k = 0; k < w.nodes(); k++) {
                        nodes.add((start + k) % poolNodes);
                    }
                    ps.add(new Placement(pool, site.provider().name(), site.tier(), site.cluster().region(),
                            site.pool().accelerator(), 0, nodes, w.gpusPerNode(), java.time.Instant.EPOCH,
                            Duration.ZERO, PriceBasis.OWNED, 1.0, w.speedOn(site.pool().accelerator())));
                }
                return new Event.Adopted(id, w, ps);
            }
            return new Event.Tick();
        }
        String someId = ids.get(random.nextInt(ids.size()));
        if (roll < 62) {
            return new Event.Tick();
        }
        if (roll < 72) {
            return new Event.Finished(someId);
        }
        if (roll < 74) {
            return new Event.Cancelled(someId);
        }
        if (roll < 76) {
            return new Event.Lost(someId, "lost");
        }
        if (roll < 84) {
            return new Event.CheckpointTaken(someId);
        }
        if (roll < 87) {
            return new Event.NodeDown(pool, random.nextInt(poolNodes));
        }
        if (roll < 91) {
            return new Event.NodeUp(pool, random.nextInt(poolNodes));
        }
        if (roll < 93) {
            return new Event.SpotInterrupted(pool, random.nextInt(poolNodes));
        }
        if (roll < 95) {
            return new Event.ClusterHealth(clusters.get(random.nextInt(clusters.size())), random.nextBoolean());
        }
        if (roll < 98) {
            return new Event.PoolResized(pool, 1 + random.nextInt(poolNodes + 2));
        }
        return random.nextBoolean() ? new Event.ContractEnded("deal") : new Event.ContractStarted("deal");
    }

    static Policy policy(String name, boolean lowest) {
        Policy p = Policies.byName(name);
        return lowest ? new Policy(p.name(), p.order(), p.filters(), p.scorers(), p.strict(), p.backfill(), p.preemption(),
                p.valueOfTime(), VictimOrder.LOWEST_PRIORITY, p.admission()) : p;
    }

}
