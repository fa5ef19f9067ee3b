package dev.quartermaster.engine.policy;

import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.workload.Workload;

/**
 * One way to run a gang: a pool, the nodes chosen in it, and what it would cost. Scorers read offers.
 *
 * @param marginalPricePerGpuHour 0 where idle committed capacity covers the gang, the running cost of owned hardware,
 *     or the on-demand or spot price
 * @param tierRank 0 for the workload's most preferred tier, 1 for the next, ...
 * @param fillAfter how full the gang's topology domain (node, block or pool) is once the gang is in it, 0..1
 * @param allocationShare how much the heterogeneity-aware allocation wants the workload on this pool's accelerator
 *     type, 0..1 (1 for its most wanted type, and when there is no allocation)
 * @param runHours wall-clock hours the whole work takes at {@code speed}: {@link #runHours(double, double)} of the
 *     workload's reference hours (infinite for a service)
 */
public record Offer(
        Workload workload,
        Site site,
        Selection selection,
        double speed,
        double marginalPricePerGpuHour,
        PriceBasis priceBasis,
        int tierRank,
        double fillAfter,
        double allocationShare,
        double runHours) {

    /** An offer whose run hours are worked out from the workload. */
    public Offer(Workload workload, Site site, Selection selection, double speed, double marginalPricePerGpuHour,
            PriceBasis priceBasis, int tierRank, double fillAfter, double allocationShare) {
        this(workload, site, selection, speed, marginalPricePerGpuHour, priceBasis, tierRank, fillAfter, allocationShare,
                runHours(workload.referenceHours(), speed));
    }

    /** An offer without a heterogeneity-aware allocation. */
    public Offer(Workload workload, Site site, Selection selection, double speed, double marginalPricePerGpuHour,
            PriceBasis priceBasis, int tierRank, double fillAfter) {
        this(workload, site, selection, speed, marginalPricePerGpuHour, priceBasis, tierRank, fillAfter, 1);
    }

    /** Wall-clock hours of work of {@code referenceHours} at relative {@code speed}; infinite at speed 0. */
    public static double runHours(double referenceHours, double speed) {
        return speed == 0 ? Double.POSITIVE_INFINITY : referenceHours / speed;
    }

    /** The same offer on chosen nodes. */
    public Offer on(Selection nodes) {
        return new Offer(workload, site, nodes, speed, marginalPricePerGpuHour, priceBasis, tierRank, fillAfter,
                allocationShare, runHours);
    }
}
