package dev.quartermaster.fleet;

import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.WorkloadKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Quartermaster can place work on, and who may use it: accelerator types, providers with their clusters,
 * pools and contracts, teams with quotas, and tier preferences. Cross-references are checked here, so a Fleet that
 * exists is consistent.
 */
public record Fleet(List<Accelerator> accelerators, List<Provider> providers, List<Team> teams, List<TierPreference> tierPreferences) {

    public Fleet {
        accelerators = Names.copy("accelerators", accelerators);
        providers = Names.copy("providers", providers);
        teams = Names.copy("teams", teams);
        tierPreferences = Names.copy("tierPreferences", tierPreferences);
        Names.checkUnique("accelerators", accelerators, Accelerator::name);
        Names.checkUnique("providers", providers, Provider::name);
        Names.checkUnique("teams", teams, Team::name);
        checkClusterNamesUnique(providers);
        for (Violation v : FleetChecks.check(accelerators, providers, teams)) {
            throw new InvalidFieldException(v.field(), v.problem());
        }
    }

    private static void checkClusterNamesUnique(List<Provider> providers) {
        Map<String, String> owner = new LinkedHashMap<>();
        for (int p = 0; p < providers.size(); p++) {
            List<Cluster> clusters = providers.get(p).clusters();
            for (int c = 0; c < clusters.size(); c++) {
                String previous = owner.putIfAbsent(clusters.get(c).name(), providers.get(p).name());
                if (previous != null) {
                    throw new InvalidFieldException("providers[" + p + "].clusters[" + c + "].name", "'" + clusters.get(c).name()
                            + "' is already a cluster of provider " + previous + "; cluster names are unique in a fleet");
                }
            }
        }
    }

    public Optional<Accelerator> accelerator(String name) {
        return accelerators.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<Team> team(String name) {
        return teams.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Every pool of the fleet with the provider and cluster it is in, in document order. */
    public List<Site> sites() {
        List<Site> sites = new ArrayList<>();
        for (Provider provider : providers) {
            for (Cluster cluster : provider.clusters()) {
                for (NodePool pool : cluster.pools()) {
                    sites.add(new Site(provider, cluster, pool));
                }
            }
        }
        return sites;
    }

    public Optional<Site> site(PoolRef ref) {
        return sites().stream().filter(s -> s.ref().equals(ref)).findFirst();
    }

    /** Teams grouped by cohort, in the order cohorts first appear. */
    public List<Cohort> cohorts() {
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (Team team : teams) {
            if (team.cohort() != null) {
                members.computeIfAbsent(team.cohort(), k -> new ArrayList<>()).add(team.name());
            }
        }
        return members.entrySet().stream().map(e -> new Cohort(e.getKey(), e.getValue())).toList();
    }

    public List<Tier> tierPreference(WorkloadKind kind, DataClass dataClass) {
        return TierPreference.resolve(tierPreferences, kind, dataClass);
    }

    /** A pool with the cluster and provider around it. */
    public record Site(Provider provider, Cluster cluster, NodePool pool) {
        public PoolRef ref() {
            return new PoolRef(cluster.name(), pool.name());
        }

        public Tier tier() {
            return provider.tier();
        }
    }
}
