package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Tier;

/**
 * The marginal price of GPUs in a pool now: idle committed GPUs are free (paid anyway); owned hardware costs its
 * running cost; the rest the pool's on-demand or spot price. A gang partly covered by idle commitment pays for the
 * uncovered part only.
 */
final class Pricing {

    record Quote(double pricePerGpuHour, PriceBasis basis) {}

    private Pricing() {}

    static Quote quote(State state, PoolState pool, int gpus) {
        var site = pool.site();
        double price = site.pool().pricePerGpuHour();
        long idleCommitted = Math.max(0, state.committed[pool.index()] - state.usedGpus(pool));
        if (idleCommitted > 0) {
            long uncovered = Math.max(0, gpus - idleCommitted);
            return new Quote(price * uncovered / gpus, PriceBasis.COMMITTED);
        }
        if (site.tier() == Tier.IN_HOUSE) {
            return new Quote(price, PriceBasis.OWNED);
        }
        return new Quote(price, site.pool().isSpot() ? PriceBasis.SPOT : PriceBasis.ON_DEMAND);
    }
}
