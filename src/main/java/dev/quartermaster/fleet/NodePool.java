package dev.quartermaster.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Identical nodes in one cluster. A fixed pool has {@code nodes} nodes now; an elastic pool ({@code elastic}) can be
 * provisioned up to {@code nodes} nodes, each taking {@code provisioningDelay} to arrive. Nodes are grouped in
 * high-bandwidth blocks of {@code blockNodes} (the last block may be smaller).
 *
 * @param pricePerGpuHour the price of a GPU-hour not covered by a contract: the running cost of owned hardware, or
 *     the on-demand or spot price
 * @param spot null unless the pool is spot capacity
 */
public record NodePool(
        String name,
        String accelerator,
        int nodes,
        boolean elastic,
        int gpusPerNode,
        int blockNodes,
        double pricePerGpuHour,
        Duration provisioningDelay,
        Spot spot) {

    public static final Bounds NODES = Bounds.integers(1, 100_000);
    public static final Bounds GPUS_PER_NODE = Bounds.integers(1, 64);
    public static final Bounds PRICE_PER_GPU_HOUR = Bounds.decimals(0, 1_000);
    public static final Bounds PROVISIONING_MINUTES = Bounds.integers(0, 7 * 24 * 60);

    public NodePool {
        Names.check("name", name);
        Names.check("accelerator", accelerator);
        NODES.check(elastic ? "maxNodes" : "nodes", nodes);
        GPUS_PER_NODE.check("gpusPerNode", gpusPerNode);
        NODES.check("blockNodes", blockNodes);
        if (blockNodes > nodes) {
            throw new InvalidFieldException("blockNodes", "must be at most the pool's " + nodes + " nodes, not " + blockNodes);
        }
        PRICE_PER_GPU_HOUR.check("pricePerGpuHour", pricePerGpuHour);
        requireNonNull(provisioningDelay, "provisioningDelay is null");
        PROVISIONING_MINUTES.check("provisioningMinutes", (double) provisioningDelay.toMinutes());
    }

    public int gpus() {
        return nodes * gpusPerNode;
    }

    public int blockGpus() {
        return blockNodes * gpusPerNode;
    }

    public int blocks() {
        return (nodes + blockNodes - 1) / blockNodes;
    }

    public boolean isSpot() {
        return spot != null;
    }
}
