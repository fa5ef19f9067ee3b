package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Tier;

/**
 * The marginal price of GPUs in a pool now: idle committed GPUs are free (paid anyway); owned hardware costs its
 * running cost; the rest the pool's on-demand or spot price. A gang partly covered by idle commitment pays for the
 * uncovered part only. (Price and basis are two answers, not one record: they are asked for every candidate pool of
 * every placement; both read the pool's {@link #idleCommitted} GPUs, worked out once by the caller.)
 */
final class Pricing {

    private Pricing() {}

    /** Dollars per GPU-hour for {@code gpus} more GPUs in a pool that has {@code idleCommitted} GPUs now. */
    static double pricePerGpuHour(PoolState pool, int gpus, long idleCommitted) {
        double price = pool.site().pool().pricePerGpuHour();
        return idleCommitted > 0 ? price * Math.max(0, gpus - idleCommitted) / gpus : price;
    }

    /** What {@link #pricePerGpuHour} is: idle commitment, owned hardware, spot or on-demand. */
    static PriceBasis basis(PoolState pool, long idleCommitted) {
        var site = pool.site();
        if (idleCommitted > 0) {
            return PriceBasis.COMMITTED;
        }
        if (site.tier() == Tier.IN_HOUSE) {
            return PriceBasis.OWNED;
        }
        return site.pool().isSpot() ? PriceBasis.SPOT : PriceBasis.ON_DEMAND;
    }

    /** The pool's committed GPUs that nothing uses now: paid anyway. */
    static long idleCommitted(State state, PoolState pool) {
        return Math.max(0, state.committed[pool.index()] - state.usedGpus(pool));
    }
}
