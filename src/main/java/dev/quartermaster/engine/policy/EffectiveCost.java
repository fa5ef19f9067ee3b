package dev.quartermaster.engine.policy;

import dev.quartermaster.workload.Workload;

/**
 * Dollars per GPU-hour of useful work (at reference speed 1.0) for an offer, in three parts:
 * <ul>
 *   <li>price: marginal price / relative speed (idle committed capacity is free, it is paid anyway);
 *   <li>provisioning: the wait for capacity to arrive, at the value of time of the workload's priority, spread over
 *       the hours it will run (a day for a service);
 *   <li>spot risk: interruptions per node-hour x the gang's nodes x the work lost per interruption (half a checkpoint interval, or half the
 *       run without checkpoints) priced at the marginal price plus the value of time.
 * </ul>
 */
public record EffectiveCost(double price, double provisioning, double spotRisk) {

    /** A service without work is priced over this many hours. */
    public static final double SERVICE_HOURS = 24;

    public double total() {
        return price + provisioning + spotRisk;
    }

    public static EffectiveCost of(Offer offer, ValueOfTime valueOfTime) {
        Workload w = offer.workload();
        double speed = offer.speed();
        double runHours = runHours(offer.runHours());
        double value = valueOfTime.perGpuHour(w.priority());
        double price = offer.marginalPricePerGpuHour() / speed;
        double delayHours = offer.site().pool().elastic() ? offer.site().pool().provisioningDelay().toSeconds() / 3600.0 : 0;
        double provisioning = delayHours * value / runHours / speed;
        double spotRisk = 0;
        if (offer.site().pool().isSpot()) {
            // Any of the gang's nodes being taken stops the whole gang.
            spotRisk = offer.site().pool().spot().interruptionsPerHour() * w.nodes() * lostHours(w, runHours)
                    * (offer.marginalPricePerGpuHour() + value) / speed;
        }
        return new EffectiveCost(price, provisioning, spotRisk);
    }

    /** The hours a run is priced over: its wall-clock {@code hours}, a day for a service (infinite), at least a minute. */
    public static double runHours(double hours) {
        return Double.isInfinite(hours) ? SERVICE_HOURS : Math.max(hours, 1.0 / 60);
    }

    /** Hours of work one interruption of a run of {@code runHours} loses: half a checkpoint interval, or half the run. */
    public static double lostHours(Workload w, double runHours) {
        return w.checkpointInterval() != null ? Math.min(runHours, w.checkpointInterval().toSeconds() / 3600.0) / 2 : runHours / 2;
    }
}
