package dev.quartermaster.fleet;

import static java.util.Objects.requireNonNull;

import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.WorkloadKind;
import java.util.List;

/**
 * The order in which tiers are preferred for a kind of workload, optionally only for one data class (null: any).
 * The fleet document may override the defaults of DESIGN.md's three-tier table.
 */
public record TierPreference(WorkloadKind kind, DataClass dataClass, List<Tier> tiers) {

    public TierPreference {
        requireNonNull(kind, "kind is null");
        tiers = Names.copy("tiers", tiers);
        if (tiers.isEmpty() || tiers.size() != tiers.stream().distinct().count()) {
            throw new InvalidFieldException("tiers", "must list tiers without repeats, most preferred first");
        }
    }

    /** DESIGN.md's table: training on specialized clouds, fine-tuning in-house, inference on hyperscalers. */
    public static final List<TierPreference> DEFAULTS = List.of(
            new TierPreference(WorkloadKind.TRAINING, null, List.of(Tier.SPECIALIZED, Tier.IN_HOUSE, Tier.HYPERSCALER)),
            new TierPreference(WorkloadKind.FINE_TUNING, null, List.of(Tier.IN_HOUSE, Tier.SPECIALIZED, Tier.HYPERSCALER)),
            new TierPreference(WorkloadKind.INFERENCE, null, List.of(Tier.HYPERSCALER, Tier.SPECIALIZED, Tier.IN_HOUSE)),
            new TierPreference(WorkloadKind.BATCH, null, List.of(Tier.IN_HOUSE, Tier.HYPERSCALER, Tier.SPECIALIZED)));

    /** The most specific preference for a workload: kind and data class, then kind, then the defaults. */
    public static List<Tier> resolve(List<TierPreference> overrides, WorkloadKind kind, DataClass dataClass) {
        for (TierPreference p : overrides) {
            if (p.kind == kind && p.dataClass == dataClass) {
                return p.tiers;
            }
        }
        for (List<TierPreference> list : List.of(overrides, DEFAULTS)) {
            for (TierPreference p : list) {
                if (p.kind == kind && p.dataClass == null) {
                    return p.tiers;
                }
            }
        }
        throw new IllegalStateException("no default tier preference for " + kind);
    }
}
