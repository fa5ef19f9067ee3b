package dev.quartermaster.server;

import dev.quartermaster.engine.Placement;
import dev.quartermaster.fleet.Labels;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.store.Dispatch;
import java.time.Duration;
import java.time.Instant;

/** A placement as the store keeps it, and back. */
final class Dispatches {

    private Dispatches() {}

    static Dispatch of(String id, int attempt, int replica, Placement p, double billedPerGpuHour, Instant at) {
        return new Dispatch(id, attempt, replica, p.pool().cluster(), p.pool().toString(), p.provider(), Labels.of(p.tier()), p.region(),
                p.accelerator(), p.gpus(), p.block(), p.nodes(), p.gpusPerNode(), p.speed(), Labels.of(p.priceBasis()),
                p.pricePerGpuHour(), billedPerGpuHour, null, at, null, null, null);
    }

    static Placement placement(Dispatch d) {
        return new Placement(PoolRef.parse("pool", d.pool()), d.provider(), Labels.parse(Tier.class, d.tier()), d.region(),
                d.accelerator(), d.block(), d.nodes(), d.gpusPerNode(), d.dispatchedAt(), Duration.ZERO,
                Labels.parse(PriceBasis.class, d.priceBasis()), d.marginalPrice(), d.speed());
    }
}
