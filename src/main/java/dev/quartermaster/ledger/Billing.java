package dev.quartermaster.ledger;

import dev.quartermaster.engine.Placement;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Provider;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a placement is billed. The engine decides on marginal prices (idle committed capacity is free: it is paid
 * anyway); the ledger charges committed capacity at the contract's price (paid anyway, and now used) and the rest at
 * the pool's price. The simulator and the server both bill through this.
 */
public final class Billing {

    private final Map<PoolRef, Contract> contractOf = new HashMap<>();
    private final Map<PoolRef, Site> siteOf = new HashMap<>();

    public Billing(Fleet fleet) {
        fleet.sites().forEach(site -> siteOf.put(site.ref(), site));
        for (Provider provider : fleet.providers()) {
            for (Contract contract : provider.contracts()) {
                contractOf.putIfAbsent(contract.pool(), contract);
            }
        }
    }

    /** The price of one GPU-hour of {@code p}, and the share of its GPUs inside a commitment. */
    public Price price(Placement p) {
        if (p.priceBasis() != PriceBasis.COMMITTED) {
            return new Price(p.pricePerGpuHour(), 0);
        }
        Site site = siteOf.get(p.pool());
        double list = site == null ? 0 : site.pool().pricePerGpuHour();
        double uncovered = list == 0 ? 0 : p.pricePerGpuHour() / list;
        double contractPrice = contract(p.pool()).map(Contract::pricePerGpuHour).orElse(0.0);
        return new Price(p.pricePerGpuHour() + contractPrice * (1 - uncovered), 1 - uncovered);
    }

    /** The contract on a pool, if any (the first one listed when several cover it). */
    public Optional<Contract> contract(PoolRef pool) {
        return Optional.ofNullable(contractOf.get(pool));
    }

    public java.util.Collection<Contract> contracts() {
        return contractOf.values();
    }

    public Optional<Site> site(PoolRef pool) {
        return Optional.ofNullable(siteOf.get(pool));
    }

    /** Dollars per GPU-hour billed, and the share of them paid under a commitment anyway. */
    public record Price(double perGpuHour, double committedShare) {}
}
