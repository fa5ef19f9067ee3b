package dev.quartermaster.fleet;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/** Who owns or sells capacity. {@code certifications} include {@link #RESTRICTED_DATA} where restricted data may run. */
public record Provider(String name, Tier tier, Set<String> certifications, List<Cluster> clusters, List<Contract> contracts) {

    public static final String RESTRICTED_DATA = "restricted-data";

    public Provider {
        Names.check("name", name);
        requireNonNull(tier, "tier is null");
        certifications = Set.copyOf(requireNonNull(certifications, "certifications is null"));
        certifications.forEach(c -> Names.check("certifications", c));
        clusters = Names.copy("clusters", clusters);
        if (clusters.isEmpty()) {
            throw new InvalidFieldException("clusters", "must list at least one cluster");
        }
        Names.checkUnique("clusters", clusters, Cluster::name);
        contracts = Names.copy("contracts", contracts);
        Names.checkUnique("contracts", contracts, Contract::name);
    }

    public boolean certifiedForRestrictedData() {
        return certifications.contains(RESTRICTED_DATA);
    }
}
