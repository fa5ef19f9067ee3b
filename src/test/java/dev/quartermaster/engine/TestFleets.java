package dev.quartermaster.engine;

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
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small fluent builder of fleets for engine tests. */
public final class TestFleets {

    private final List<Accelerator> accelerators = new ArrayList<>(List.of(
            new Accelerator("H100", "nvidia", SoftwareStack.CUDA, 80, 1.0),
            new Accelerator("B200", "nvidia", SoftwareStack.CUDA, 192, 2.2),
            new Accelerator("MI300X", "amd", SoftwareStack.ROCM, 192, 1.2)));
    private final List<ProviderBuilder> providers = new ArrayList<>();
    private final List<Team> teams = new ArrayList<>();

    public static TestFleets fleet() {
        return new TestFleets();
    }

    public ProviderBuilder provider(String name, Tier tier) {
        ProviderBuilder p = new ProviderBuilder(name, tier);
        providers.add(p);
        return p;
    }

    /** A team with nominal quotas, no cohort. */
    public TestFleets team(String name, Object... acceleratorAndGpus) {
        return team(name, null, 1, quota(acceleratorAndGpus));
    }

    public TestFleets team(String name, String cohort, double weight, Map<String, Quota> quota) {
        teams.add(new Team(name, cohort, weight, quota, null));
        return this;
    }

    public static Map<String, Quota> quota(Object... acceleratorAndGpus) {
        Map<String, Quota> quota = new LinkedHashMap<>();
        for (int i = 0; i < acceleratorAndGpus.length; i += 2) {
            Object value = acceleratorAndGpus[i + 1];
            quota.put((String) acceleratorAndGpus[i], value instanceof Quota q ? q : Quota.of((Integer) value));
        }
        return quota;
    }

    public Fleet build() {
        return new Fleet(accelerators, providers.stream().map(ProviderBuilder::build).toList(), teams, List.of());
    }

    public final class ProviderBuilder {
        private final String name;
        private final Tier tier;
        private final List<Cluster> clusters = new ArrayList<>();
        private final List<Contract> contracts = new ArrayList<>();
        private boolean restricted;

        ProviderBuilder(String name, Tier tier) {
            this.name = name;
            this.tier = tier;
        }

        public ProviderBuilder certified() {
            restricted = true;
            return this;
        }

        /** A cluster with one fixed pool named after the accelerator. */
        public ProviderBuilder cluster(String cluster, String region, String accelerator, int nodes, int blockNodes, double price) {
            return cluster(cluster, region, new NodePool(accelerator.toLowerCase(), accelerator, nodes, false, 8, blockNodes, price,
                    Duration.ZERO, null));
        }

        public ProviderBuilder cluster(String cluster, String region, NodePool... pools) {
            clusters.add(new Cluster(cluster, region, List.of(pools)));
            return this;
        }

        public ProviderBuilder contract(String contract, String pool, int gpus, double price) {
            contracts.add(new Contract(contract, PoolRef.parse("pool", pool), gpus, LocalDate.of(2026, 1, 1),
                    LocalDate.of(2030, 12, 31), price));
            return this;
        }

        public TestFleets done() {
            return TestFleets.this;
        }

        Provider build() {
            return new Provider(name, tier, restricted ? Set.of(Provider.RESTRICTED_DATA) : Set.of(), clusters, contracts);
        }
    }

    public static NodePool spot(String name, String accelerator, int nodes, double price, double interruptionsPerHour) {
        return new NodePool(name, accelerator, nodes, true, 8, nodes, price, Duration.ofMinutes(10), new Spot(interruptionsPerHour));
    }

    public static NodePool onDemand(String name, String accelerator, int nodes, double price, int provisioningMinutes) {
        return new NodePool(name, accelerator, nodes, true, 8, nodes, price, Duration.ofMinutes(provisioningMinutes), null);
    }
}
