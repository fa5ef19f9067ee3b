package dev.quartermaster.engine.policy;

/** A soft preference among pools that pass every filter: a score from 0 (worst) to 100 (best). */
public interface Scorer {

    double MAX = 100;

    String name();

    double score(Offer offer);

    /**
     * At most what {@link #score} gives any offer of a pool whose tier has rank {@code tierRank} for the workload (0 its
     * most preferred): the placer skips pools that cannot beat the best offer found so far. Infinite (the default) when
     * the scorer cannot say.
     */
    default double bound(int tierRank) {
        return Double.POSITIVE_INFINITY;
    }
}
