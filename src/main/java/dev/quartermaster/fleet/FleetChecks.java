package dev.quartermaster.fleet;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules that tie a fleet's parts together: pools name known accelerators, contracts name pools of their own
 * provider and never commit more GPUs than the pool has, quotas name known accelerators, only in-house providers
 * hold restricted data. Each broken rule is a {@link Violation} with the field's path in the fleet document.
 */
public final class FleetChecks {

    private FleetChecks() {}

    public static List<Violation> check(List<Accelerator> acceleratorTypes, List<Provider> providers, List<Team> teams) {
        List<Violation> found = new ArrayList<>();
        Set<String> accelerators = acceleratorTypes.stream().map(Accelerator::name)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        for (int p = 0; p < providers.size(); p++) {
            Provider provider = providers.get(p);
            String at = "providers[" + p + "]";
            if (provider.certifiedForRestrictedData() && provider.tier() != Tier.IN_HOUSE) {
                found.add(new Violation(at + ".certifications", "'" + Provider.RESTRICTED_DATA
                        + "' is for in-house providers only: restricted data never leaves in-house"));
            }
            for (int c = 0; c < provider.clusters().size(); c++) {
                List<NodePool> pools = provider.clusters().get(c).pools();
                for (int k = 0; k < pools.size(); k++) {
                    if (!accelerators.contains(pools.get(k).accelerator())) {
                        found.add(new Violation(at + ".clusters[" + c + "].pools[" + k + "].accelerator",
                                Suggestions.unknown("accelerator", pools.get(k).accelerator(), accelerators)));
                    }
                }
            }
            checkContracts(provider, at, found);
        }
        for (int t = 0; t < teams.size(); t++) {
            for (String type : teams.get(t).quota().keySet()) {
                if (!accelerators.contains(type)) {
                    found.add(new Violation("teams[" + t + "].quota." + type, Suggestions.unknown("accelerator", type, accelerators)));
                }
            }
        }
        return found;
    }

    private static void checkContracts(Provider provider, String at, List<Violation> found) {
        List<Contract> contracts = provider.contracts();
        for (int k = 0; k < contracts.size(); k++) {
            Contract contract = contracts.get(k);
            String field = at + ".contracts[" + k + "]";
            NodePool pool = provider.clusters().stream()
                    .filter(c -> c.name().equals(contract.pool().cluster()))
                    .flatMap(c -> c.pool(contract.pool().pool()).stream())
                    .findFirst().orElse(null);
            if (pool == null) {
                List<String> known = provider.clusters().stream()
                        .flatMap(c -> c.pools().stream().map(pl -> c.name() + "/" + pl.name())).toList();
                found.add(new Violation(field + ".pool", Suggestions.unknown("pool of provider " + provider.name(),
                        contract.pool().toString(), known)));
                continue;
            }
            long committed = committedOn(contracts, contract.pool(), contract.start());
            if (committed > pool.gpus()) {
                found.add(new Violation(field + ".gpus", "commits " + committed + " GPUs of pool " + contract.pool()
                        + " on " + contract.start() + " (with the other contracts then active), but the pool has "
                        + pool.gpus() + " (" + pool.nodes() + " nodes x " + pool.gpusPerNode() + ")"));
            }
        }
    }

    /** GPUs committed on a pool on a day, over all contracts then active. */
    private static long committedOn(List<Contract> contracts, PoolRef pool, LocalDate day) {
        return contracts.stream()
                .filter(c -> c.pool().equals(pool) && c.isActiveOn(day))
                .mapToLong(Contract::gpus).sum();
    }
}
