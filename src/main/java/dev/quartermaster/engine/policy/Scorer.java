package dev.quartermaster.engine.policy;

/** A soft preference among pools that pass every filter: a score from 0 (worst) to 100 (best). */
public interface Scorer {

    double MAX = 100;

    String name();

    double score(Offer offer);
}
