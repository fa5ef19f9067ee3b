package dev.quartermaster.engine.policy;

import dev.quartermaster.engine.policy.Policy.Weighted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The policies users select by name. */
public final class Policies {

    private Policies() {}

    private static final Map<String, Supplier<Policy>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("fifo", Policies::fifo);
        BY_NAME.put("fair", Policies::fair);
        BY_NAME.put("cost", Policies::cost);
        BY_NAME.put("hetero", Policies::hetero);
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The policy of that name; throws IllegalArgumentException naming the known ones. */
    public static Policy byName(String name) {
        Supplier<Policy> policy = BY_NAME.get(name);
        if (policy == null) {
            throw new IllegalArgumentException("'" + name + "' is not a policy; known: " + String.join(", ", BY_NAME.keySet()));
        }
        return policy.get();
    }

    /** Arrival order, head-of-line blocking, best-fit packing; no backfill, no preemption. The baseline. */
    public static Policy fifo() {
        return new Policy("fifo", QueueOrder.FIFO, Filters.STANDARD, List.of(new Weighted(Scorers.FRAGMENTATION, 1)),
                true, false, false, ValueOfTime.DEFAULT);
    }

    /** Priority and weighted fair share, EASY backfill, preemption; prefers the kind's tier and packs tightly. */
    public static Policy fair() {
        return new Policy("fair", QueueOrder.FAIR_SHARE, Filters.STANDARD, List.of(
                new Weighted(Scorers.TIER, 0.4),
                new Weighted(Scorers.FRAGMENTATION, 0.3),
                new Weighted(Scorers.cost(ValueOfTime.DEFAULT), 0.3)),
                false, true, true, ValueOfTime.DEFAULT);
    }

    /**
     * As fair, but each workload goes to the accelerator type a heterogeneity-aware max-min fair allocation (Gavel's
     * LP over the relative throughputs of all pending and running work) gives it; then packing and tier.
     */
    public static Policy hetero() {
        return new Policy("hetero", QueueOrder.FAIR_SHARE, Filters.STANDARD, List.of(
                new Weighted(Scorers.HETERO, 0.6),
                new Weighted(Scorers.FRAGMENTATION, 0.2),
                new Weighted(Scorers.TIER, 0.2)),
                false, true, true, ValueOfTime.DEFAULT);
    }

    /** As fair, but the effective cost per unit of work leads: idle commitments first, then the cheapest work. */
    public static Policy cost() {
        return new Policy("cost", QueueOrder.FAIR_SHARE, Filters.STANDARD, List.of(
                new Weighted(Scorers.cost(ValueOfTime.DEFAULT), 0.6),
                new Weighted(Scorers.TIER, 0.2),
                new Weighted(Scorers.FRAGMENTATION, 0.2)),
                false, true, true, ValueOfTime.DEFAULT);
    }
}
