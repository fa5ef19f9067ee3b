package dev.quartermaster.engine;

import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where one gang of a workload runs: the pool, its nodes (and block), when, and the price basis the decision was
 * made on. {@code pricePerGpuHour} is the marginal price: 0 for idle committed capacity, which is paid anyway.
 */
public record Placement(
        PoolRef pool,
        String provider,
        Tier tier,
        String region,
        String accelerator,
        int block,
        List<Integer> nodes,
        int gpusPerNode,
        Instant decidedAt,
        Duration provisioningDelay,
        PriceBasis priceBasis,
        double pricePerGpuHour,
        double speed) {

    public Placement {
        nodes = List.copyOf(nodes);
    }

    public int gpus() {
        return nodes.size() * gpusPerNode;
    }
}
