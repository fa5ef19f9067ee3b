package dev.quartermaster.engine;

import java.util.Arrays;
import java.util.HashMap;
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

    private final Map<String, Outcome> outcomes = new HashMap<>();

    /**
     * The kept ids in the order they ended, as a ring of {@code kept} slots (grown to it as needed): the next to end
     * takes the slot of the eldest, whose outcome is then forgotten. Ids are unique here: the engine refuses an id it
     * knows, ended or not.
     */
    private String[] order;
    private long added;

    /** Keeps the outcomes of the latest {@code kept} workloads to end (at least 1). */
    EndedWork(int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException("the engine keeps the outcome of at least 1 ended workload, not " + kept);
        }
        this.kept = kept;
        this.order = new String[Math.min(kept, 16)];
    }

    /** Keeps the outcome of a job that has just ended. */
    void add(Job job) {
        int slot = (int) (added++ % kept);
        if (slot == order.length) {
            order = Arrays.copyOf(order, (int) Math.min(kept, 2L * order.length));
        }
        if (order[slot] != null) {
            outcomes.remove(order[slot]);
        }
        order[slot] = job.id;
        outcomes.put(job.id, Outcome.of(job));
    }

    /** The outcome of a workload that ended among the latest kept; null otherwise. */
    Outcome get(String id) {
        return outcomes.get(id);
    }
}
