package dev.quartermaster.fleet;

import java.util.List;
import java.util.Optional;

/**
 * A place (provider, region) with node pools: the unit a backend dispatches to. {@code backend} is the cluster
 * manager that runs its work, or null for the simulated backend.
 */
public record Cluster(String name, String region, List<NodePool> pools, BackendConfig backend) {

    public Cluster(String name, String region, List<NodePool> pools) {
        this(name, region, pools, null);
    }

    public Cluster {
        Names.check("name", name);
        Names.check("region", region);
        pools = Names.copy("pools", pools);
        if (pools.isEmpty()) {
            throw new InvalidFieldException("pools", "must list at least one node pool");
        }
        Names.checkUnique("pools", pools, NodePool::name);
    }

    public Optional<BackendConfig> backendConfig() {
        return Optional.ofNullable(backend);
    }

    public Optional<NodePool> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
