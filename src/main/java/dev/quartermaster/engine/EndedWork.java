package dev.quartermaster.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine still tells of work that ended (succeeded, failed, was cancelled or rejected): its outcome, for the
 * latest to end ({@link #KEPT} of them unless the engine was told otherwise). The work itself is forgotten as it ends,
 * so that the engine's memory follows the work that is pending or running, not all the work it ever saw (a server runs
 * for months; a simulation replays millions of workloads). Older outcomes are the store's (server) or the records'
 * (simulator) to tell.
 */
final class EndedWork {

    /** How many ended workloads' outcomes are kept unless told otherwise. */
    static final int KEPT = 100_000;

    private final int kept;

    /** How a workload ended: its final state, why it was rejected (else null), its preemptions and lost work. */
    record Outcome(WorkloadState state, Verdict verdict, int preemptions, double lostGpuHours) {
        static Outcome of(Job job) {
            return new Outcome(job.state, job.verdict, job.preemptions, job.lostGpuHours);
        }
    }

    private final Map<String, Outcome> outcomes = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
            return size() > kept;
        }
    };

    /** Keeps the outcomes of the latest {@code kept} workloads to end (at least 1). */
    EndedWork(int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException("the engine keeps the outcome of at least 1 ended workload, not " + kept);
        }
        this.kept = kept;
    }

    /** Keeps the outcome of a job that has just ended. */
    void add(Job job) {
        outcomes.put(job.id, Outcome.of(job));
    }

    /** The outcome of a workload that ended among the latest kept; null otherwise. */
    Outcome get(String id) {
        return outcomes.get(id);
    }
}
