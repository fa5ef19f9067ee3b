package dev.quartermaster.plan;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.Names;
import java.nio.file.Path;
import java.util.List;

/**
 * A capacity plan's question: a fleet (what is there: owned, existing contracts, on-demand and spot pools), the demand,
 * the offers to choose commitments from, and the constraints.
 *
 * @param fleets the fleet documents, relative to the plan's own file: one, or several put together (say the fleet and
 *     the pools {@code qm catalog import} made), see {@link Fleets#merge}
 * @param horizonDays the planned period from the start; null: up to the last arrival of the demand
 * @param budget the most dollars to spend over the horizon (existing commitments included), or null
 * @param maxProviderShare the largest share of GPU-hours any one provider may supply (0..1), or null
 */
public record PlanSpec(List<Path> fleets, int bucketHours, Double horizonDays, DemandSpec demand, List<Offer> offers, Double budget,
        Double maxProviderShare, List<Target> targets) {

    public static final Bounds BUCKET_HOURS = Bounds.integers(1, 24 * 31);
    public static final Bounds HORIZON_DAYS = Bounds.decimals(1.0 / 24, 3 * 365);
    public static final Bounds BUDGET = Bounds.decimals(0, 1e13);
    public static final Bounds SHARE = Bounds.decimals(0.01, 1);

    public PlanSpec {
        fleets = Names.copy("fleet", fleets);
        if (fleets.isEmpty()) {
            throw new dev.quartermaster.fleet.InvalidFieldException("fleet", "must name at least one fleet document");
        }
        BUCKET_HOURS.check("bucketHours", bucketHours);
        if (horizonDays != null) {
            HORIZON_DAYS.check("horizonDays", horizonDays.doubleValue());
        }
        if (budget != null) {
            BUDGET.check("budget", budget.doubleValue());
        }
        if (maxProviderShare != null) {
            SHARE.check("maxProviderShare", maxProviderShare.doubleValue());
        }
        offers = Names.copy("offers", offers);
        Names.checkUnique("offers", offers, Offer::name);
        targets = Names.copy("targets", targets);
    }
}
