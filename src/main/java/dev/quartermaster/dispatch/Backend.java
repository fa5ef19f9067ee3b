package dev.quartermaster.dispatch;

import dev.quartermaster.engine.Placement;
import dev.quartermaster.workload.Launch;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What runs the work: told to start and stop, it reports back what happened. Every report names the attempt it is
 * about, so that a late report of an earlier attempt is recognised and ignored.
 */
public interface Backend extends AutoCloseable {

    /**
     * One attempt to run a workload: where (one placement per gang), how many hours of work it has left (infinite for
     * a service), and what to run (read from its document only when a backend needs it).
     */
    record Order(String id, int attempt, String team, List<Placement> placements, double hours, Supplier<Launch> launch) {

        public Placement first() {
            return placements.get(0);
        }

        public String cluster() {
            return first().pool().cluster();
        }
    }

    /** Starts an attempt; reports follow through the listener. */
    void dispatch(Order order);

    /** Stops an attempt (preempted, cancelled, requeued); no report follows. */
    void stop(Order order);

    /** How many seconds of work one second of this backend's time is for a cluster (the simulated backend's speed). */
    default double timeScale(String cluster) {
        return 1;
    }

    /**
     * Start-up: takes back the attempts of {@code open} (dispatches an earlier run of the server left open) that still
     * run here, or ended since, so that their reports follow as for any attempt; stops work of ours that is not among
     * them. Returns the keys ({@code ID#ATTEMPT}) taken back; the others are lost and their work runs again.
     */
    default java.util.Set<String> takeBack(List<dev.quartermaster.store.Dispatch> open) {
        return java.util.Set.of();
    }

    /**
     * The nodes the cluster managers behind this backend report, with their GPUs by type, used and free; empty for a
     * backend that has none. Throws when a manager cannot be reached.
     */
    default List<InventoryNode> inventory() {
        return List.of();
    }

    @Override
    void close();

    /** Where a backend's reports go. */
    interface Listener {
        /** The backend took the attempt under its own id (a Slurm job id, a Kubernetes Job name). */
        default void accepted(String id, int attempt, String externalId) {}

        /** The attempt waits in the cluster manager's own queue, for {@code reason} (null: it no longer waits). */
        default void waiting(String id, int attempt, String reason) {}

        void started(String id, int attempt, Instant at);

        void finished(String id, int attempt, Instant at);

        void failed(String id, int attempt, Instant at, String reason);

        /** The attempt ended through no fault of the work (node failure, preemption by the manager): it runs again. */
        void lost(String id, int attempt, Instant at, String reason);

        /** The backend of a cluster cannot be reached (or can again): the engine stops (or resumes) placing there. */
        void clusterHealth(String cluster, boolean healthy, String reason);
    }
}
