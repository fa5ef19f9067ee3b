package dev.quartermaster.engine;

/**
 * What the engine has done since it was made, counted: the work behind its decisions, the same for every run of the
 * same events (unlike time), so that two builds, or two policies, can be compared by how much they search. As Slurm's
 * {@code sdiag} counts its scheduler's cycles and the jobs each considered.
 *
 * @param cycles scheduling cycles
 * @param placementSearches searches for a placement of all of a workload's replicas (those a preemption search or a
 *     reservation tries as what-ifs included)
 * @param poolsLooked candidate pools looked at by those searches
 * @param offersScored offers the policy scored: candidate pools where the gang fits, the quota admits it and the pool
 *     could beat the best offer so far
 * @param preemptionSearches searches for victims to stop for a workload that did not fit
 * @param preemptionsFound those that found victims (and started the workload)
 * @param backfillTries workloads tried behind a reservation
 * @param reservations reservations worked out for the first workload that did not fit
 * @param parkedForRoom workloads set aside until room frees up
 * @param parkedForQuota workloads set aside until quota frees up
 */
public record Work(long cycles, long placementSearches, long poolsLooked, long offersScored, long preemptionSearches,
        long preemptionsFound, long backfillTries, long reservations, long parkedForRoom, long parkedForQuota) {

    /** Nothing done yet: what an engine that has not run counts. */
    public static final Work NONE = new Counts().snapshot();

    /** What was done since {@code before} (an earlier count of the same engine). */
    public Work minus(Work before) {
        return new Work(cycles - before.cycles, placementSearches - before.placementSearches,
                poolsLooked - before.poolsLooked, offersScored - before.offersScored,
                preemptionSearches - before.preemptionSearches, preemptionsFound - before.preemptionsFound,
                backfillTries - before.backfillTries, reservations - before.reservations,
                parkedForRoom - before.parkedForRoom, parkedForQuota - before.parkedForQuota);
    }

    /** The counters as the engine keeps them up to date. */
    static final class Counts {
        long cycles;
        long placementSearches;
        long poolsLooked;
        long offersScored;
        long preemptionSearches;
        long preemptionsFound;
        long backfillTries;
        long reservations;
        long parkedForRoom;
        long parkedForQuota;

        Work snapshot() {
            return new Work(cycles, placementSearches, poolsLooked, offersScored, preemptionSearches, preemptionsFound,
                    backfillTries, reservations, parkedForRoom, parkedForQuota);
        }
    }
}
