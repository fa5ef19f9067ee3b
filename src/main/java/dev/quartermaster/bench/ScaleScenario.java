package dev.quartermaster.bench;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.fleet.Spot;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A fleet and a workload at the scale DESIGN.md sets: GPUs over 3 tiers and 32 clusters of 4 accelerator types, with
 * teams in cohorts; and pending workloads of mixed shapes from 1 to 2,048 GPUs. Deterministic by seed.
 */
public final class ScaleScenario {

    static final String[] TYPES = {"H100", "H200", "B200", "MI300X"};
    static final int CLUSTERS = 32;
    static final int TEAMS = 24;

    private static final String[] TEAM_NAMES = java.util.stream.IntStream.range(0, TEAMS).mapToObj(t -> "team-" + t)
            .toArray(String[]::new);

    /**
     * The accelerator types a workload accepts, with its speed on each, drawn with equal odds: the same few maps for
     * every workload, made once.
     */
    private static final List<Map<String, Double>> ACCELERATOR_MIXES = List.of(
            speeds("H100", 1.0),
            speeds("B200", 2.2, "H200", 1.3, "H100", 1.0),
            speeds("H200", 1.3, "H100", 1.0),
            speeds("MI300X", 1.0, "H100", 1.0));

    private static Map<String, Double> speeds(Object... typeAndSpeed) {
        Map<String, Double> speeds = new LinkedHashMap<>();
        for (int i = 0; i < typeAndSpeed.length; i += 2) {
            speeds.put((String) typeAndSpeed[i], (Double) typeAndSpeed[i + 1]);
        }
        return dev.quartermaster.fleet.Names.copy("accelerators", speeds);
    }

    private ScaleScenario() {}

    /**
     * About {@code gpus} GPUs (8 per node) in 32 clusters: 8 in-house, 8 specialized, 16 hyperscaler. Topology blocks
     * are 64 nodes in-house, 256 in the specialized clouds and 32 at the hyperscalers, or the whole pool when it is
     * smaller.
     */
    public static Fleet fleet(int gpus) {
        int nodesPerCluster = Math.max(2, gpus / 8 / CLUSTERS);
        List<Accelerator> accelerators = List.of(
                new Accelerator("H100", "nvidia", SoftwareStack.CUDA, 80, 1.0),
                new Accelerator("H200", "nvidia", SoftwareStack.CUDA, 141, 1.3),
                new Accelerator("B200", "nvidia", SoftwareStack.CUDA, 192, 2.2),
                new Accelerator("MI300X", "amd", SoftwareStack.ROCM, 192, 1.2));
        List<Provider> providers = new ArrayList<>();
        String[] regions = {"us-east", "us-west", "eu-west", "eu-north"};
        int c = 0;
        for (int p = 0; p < 8; p++) {
            Tier tier = p < 2 ? Tier.IN_HOUSE : p < 4 ? Tier.SPECIALIZED : Tier.HYPERSCALER;
            List<Cluster> clusters = new ArrayList<>();
            List<Contract> contracts = new ArrayList<>();
            for (int k = 0; k < 4; k++, c++) {
                String type = switch (tier) {
                    case IN_HOUSE -> k % 2 == 0 ? "H100" : "MI300X";
                    case SPECIALIZED -> k % 2 == 0 ? "B200" : "H200";
                    case HYPERSCALER -> k % 2 == 0 ? "H100" : "H200";
                };
                String cluster = "c" + c + "-" + type.toLowerCase();
                List<NodePool> pools = new ArrayList<>();
                if (tier == Tier.HYPERSCALER) {
                    int spotNodes = nodesPerCluster / 4;
                    int onDemandNodes = nodesPerCluster - spotNodes;
                    spotNodes = Math.max(1, spotNodes);
                    pools.add(new NodePool("ondemand", type, onDemandNodes, true, 8, Math.min(32, onDemandNodes), 6.0,
                            Duration.ofMinutes(15), null));
                    pools.add(new NodePool("spot", type, spotNodes, true, 8, Math.min(32, spotNodes), 2.2, Duration.ofMinutes(10),
                            new Spot(0.05)));
                } else {
                    pools.add(new NodePool("main", type, nodesPerCluster, false, 8,
                            Math.min(tier == Tier.SPECIALIZED ? 256 : 64, nodesPerCluster), tier == Tier.IN_HOUSE ? 1.1 : 5.0,
                            Duration.ZERO, null));
                }
                clusters.add(new Cluster(cluster, regions[c % regions.length], pools));
                if (tier == Tier.SPECIALIZED) {
                    contracts.add(new Contract("deal-" + c, new PoolRef(cluster, "main"), nodesPerCluster * 8 * 3 / 4,
                            LocalDate.of(2026, 1, 1), LocalDate.of(2030, 12, 31), 2.6));
                }
            }
            providers.add(new Provider("provider-" + p, tier, tier == Tier.IN_HOUSE ? Set.of(Provider.RESTRICTED_DATA) : Set.of(),
                    clusters, contracts));
        }
        List<Team> teams = new ArrayList<>();
        for (int t = 0; t < TEAMS; t++) {
            Map<String, Quota> quota = new LinkedHashMap<>();
            for (String type : TYPES) {
                quota.put(type, new Quota(gpus / TEAMS, gpus / TEAMS, gpus / TEAMS / 2));
            }
            teams.add(new Team(TEAM_NAMES[t], "cohort-" + (t % 4), 1 + t % 3, quota, null));
        }
        return new Fleet(accelerators, providers, teams, List.of());
    }

    /**
     * The shapes and lengths of {@link #workload(SplittableRandom, int, Shapes)}: gangs of at most {@code maxGpus} GPUs
     * (bigger draws are cut down to it), running {@code minMinutes} plus up to {@code spreadMinutes} more.
     */
    public record Shapes(int maxGpus, int minMinutes, int spreadMinutes) {
        /** The mix DESIGN.md's scale targets speak of: 1 to 2,048 GPUs, 10 minutes to a day. */
        public static final Shapes MIXED = new Shapes(2048, 10, 24 * 60);

        public Shapes {
            if (maxGpus < 1 || minMinutes < 1 || spreadMinutes < 1) {
                throw new IllegalArgumentException("maxGpus, minMinutes and spreadMinutes must be at least 1");
            }
        }
    }

    /** Mixed shapes: most small (1-8 GPUs), some tens, a few hundreds and thousands, as real traces have. */
    public static Workload workload(SplittableRandom random, int n) {
        return workload(random, n, Shapes.MIXED);
    }

    /** A workload of the mix, drawn the same way whatever the shapes (a seed gives the same draws), cut to them. */
    public static Workload workload(SplittableRandom random, int n, Shapes shapes) {
        int roll = random.nextInt(1000);
        int gpus;
        Topology topology;
        if (roll < 550) {
            gpus = 1 << random.nextInt(4);
            topology = Topology.NODE;
        } else if (roll < 850) {
            gpus = 8 * (2 << random.nextInt(3));
            topology = Topology.BLOCK;
        } else if (roll < 970) {
            gpus = 128 << random.nextInt(3);
            topology = Topology.BLOCK;
        } else {
            gpus = 1024 << random.nextInt(2);
            topology = Topology.BLOCK;
        }
        Map<String, Double> accelerators = ACCELERATOR_MIXES.get(random.nextInt(ACCELERATOR_MIXES.size()));
        boolean restricted = random.nextInt(20) == 0;
        int[] priorities = {Priority.LOW, Priority.NORMAL, Priority.NORMAL, Priority.HIGH};
        WorkloadKind kind = restricted ? WorkloadKind.FINE_TUNING : gpus >= 128 ? WorkloadKind.TRAINING
                : random.nextBoolean() ? WorkloadKind.BATCH : WorkloadKind.TRAINING;
        gpus = Math.min(gpus, shapes.maxGpus());
        return new Workload("w" + n, TEAM_NAMES[random.nextInt(TEAMS)], kind, priorities[random.nextInt(priorities.length)],
                restricted ? DataClass.RESTRICTED : DataClass.INTERNAL, gpus, Math.min(gpus, 8), accelerators, null,
                gpus <= 8 ? Topology.NODE : restricted ? Topology.CLUSTER : topology,
                new Work.Estimate(Duration.ofMinutes(shapes.minMinutes() + random.nextInt(shapes.spreadMinutes()))),
                Duration.ofMinutes(30), List.of(), 1, null, null);
    }
}
