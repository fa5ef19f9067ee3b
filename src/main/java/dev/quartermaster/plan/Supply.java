package dev.quartermaster.plan;

import dev.quartermaster.fleet.Tier;

/**
 * Capacity the planner can use without signing anything: a pool of the fleet (or the part of it outside an existing
 * contract, or the part inside one), with its GPUs, its marginal price per GPU-hour and the share of each bucket it is
 * there for.
 *
 * @param kind owned, on-demand, spot or existing commitment (free on the margin, paid anyway)
 * @param active per bucket, the share of the bucket the capacity is there (contract dates)
 * @param interruptionsPerHour of a spot pool, per node; 0 for capacity that is not taken back
 */
public record Supply(String name, String provider, Tier tier, String accelerator, int gpusPerNode, boolean restrictedData, String kind,
        int gpus, double pricePerGpuHour, double[] active, double interruptionsPerHour) {

    public static final String OWNED = "owned";
    public static final String ON_DEMAND = "on-demand";
    public static final String SPOT = "spot";
    public static final String EXISTING = "existing commitments";
    public static final String NEW = "new commitments";
}
