package dev.quartermaster.engine.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A named scheduling policy: how the queue is ordered, which filters and weighted scorers choose a pool, whether
 * backfill and preemption are on, in what order preemption considers victims, and which quota rule admits work. {@code strict} stops a cycle at the first workload that does not fit (head-of-line
 * blocking, as plain FIFO does).
 */
public record Policy(
        String name,
        QueueOrder order,
        List<Filter> filters,
        List<Weighted> scorers,
        boolean strict,
        boolean backfill,
        boolean preemption,
        ValueOfTime valueOfTime,
        VictimOrder victims,
        Admission admission) {

    public Policy {
        requireNonNull(name, "name is null");
        requireNonNull(order, "order is null");
        filters = List.copyOf(filters);
        scorers = List.copyOf(scorers);
        requireNonNull(valueOfTime, "valueOfTime is null");
        requireNonNull(victims, "victims is null");
        requireNonNull(admission, "admission is null");
    }

    /** A policy with Kueue-style cohort quotas. */
    public Policy(String name, QueueOrder order, List<Filter> filters, List<Weighted> scorers, boolean strict, boolean backfill,
            boolean preemption, ValueOfTime valueOfTime, VictimOrder victims) {
        this(name, order, filters, scorers, strict, backfill, preemption, valueOfTime, victims, Admission.COHORTS);
    }

    /** A policy that considers victims by least work lost. */
    public Policy(String name, QueueOrder order, List<Filter> filters, List<Weighted> scorers, boolean strict, boolean backfill,
            boolean preemption, ValueOfTime valueOfTime) {
        this(name, order, filters, scorers, strict, backfill, preemption, valueOfTime, VictimOrder.LEAST_LOST_WORK,
                Admission.COHORTS);
    }

    /** Whether the policy has a scorer of that name (the engine computes a heterogeneity-aware allocation for "hetero"). */
    public boolean uses(String scorer) {
        return scorers.stream().anyMatch(w -> w.scorer().name().equals(scorer));
    }

    /** A scorer and its weight; the weights of a policy need not add up to one. */
    public record Weighted(Scorer scorer, double weight) {}

    /** The weighted score of an offer, 0..100 when weights add up to 1. */
    public double score(Offer offer) {
        double total = 0;
        for (Weighted w : scorers) {
            total += w.weight() * w.scorer().score(offer);
        }
        return total;
    }

    /**
     * At most what {@link #score} gives an offer of a pool whose tier has rank {@code tierRank}: the weighted sum of the
     * scorers' {@link Scorer#bound}s, added as {@link #score} adds (rounding keeps it at or above any score); infinite
     * when a scorer cannot say or a weight is negative.
     */
    public double bound(int tierRank) {
        double total = 0;
        for (Weighted w : scorers) {
            if (w.weight() < 0) {
                return Double.POSITIVE_INFINITY;
            }
            total += w.weight() * w.scorer().bound(tierRank);
        }
        return total;
    }
}
