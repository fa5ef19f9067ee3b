package dev.quartermaster.plan;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.InvalidFieldException;
import dev.quartermaster.fleet.Names;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Tier;
import java.util.List;

/**
 * Capacity that can be committed to: GPUs of one accelerator type from a provider in a region, take-or-pay, sold in
 * whole nodes between {@code minGpus} and {@code maxGpus} (none at all is always possible), arriving
 * {@code leadTimeDays} after the start, at a price per GPU-hour that depends on the term. An offer of an in-house
 * provider is owned capacity to buy: its "price" is its cost per GPU-hour, paid whether used or not.
 *
 * @param tier of the provider when the fleet does not have it yet (ignored when it does)
 */
public record Offer(String name, String provider, Tier tier, String region, String accelerator, int gpusPerNode, int blockNodes,
        int minGpus, int maxGpus, int leadTimeDays, List<Term> terms) {

    public static final Bounds GPUS = Bounds.integers(0, 10_000_000);
    public static final Bounds LEAD_TIME_DAYS = Bounds.integers(0, 3 * 365);

    public Offer {
        Names.check("name", name);
        Names.check("provider", provider);
        Names.check("region", region);
        Names.check("accelerator", accelerator);
        NodePool.GPUS_PER_NODE.check("gpusPerNode", gpusPerNode);
        NodePool.NODES.check("blockNodes", blockNodes);
        GPUS.check("minGpus", minGpus);
        GPUS.check("maxGpus", maxGpus);
        if (maxGpus < Math.max(minGpus, gpusPerNode)) {
            throw new InvalidFieldException("maxGpus", "must be at least minGpus " + minGpus + " and one node of " + gpusPerNode
                    + " GPUs, not " + maxGpus);
        }
        if (maxGpus / gpusPerNode > NodePool.NODES.max()) {
            throw new InvalidFieldException("maxGpus", "must be at most " + (long) NodePool.NODES.max() + " nodes of " + gpusPerNode
                    + " GPUs, not " + maxGpus);
        }
        LEAD_TIME_DAYS.check("leadTimeDays", leadTimeDays);
        terms = Names.copy("terms", terms);
        if (terms.isEmpty()) {
            throw new InvalidFieldException("terms", "must list at least one term, as in [{ months: 12, pricePerGpuHour: 2.40 }]");
        }
    }

    /** The largest commitment in whole nodes. */
    public int maxNodes() {
        return maxGpus / gpusPerNode;
    }
}
