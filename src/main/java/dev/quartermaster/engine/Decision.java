package dev.quartermaster.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What the engine decides. The server and the simulator carry decisions out; nothing else changes the world. */
public sealed interface Decision {

    String id();

    /**
     * Start the workload where its placements say (one per replica; all of them or none). It has
     * {@code remainingReferenceHours} of work left, in hours at relative speed 1.0, as of its last checkpoint (infinite
     * for work that runs until stopped): what whoever carries it out needs to know when it should end.
     */
    record Place(String id, List<Placement> placements, double remainingReferenceHours) implements Decision {
        public Place {
            requireNonNull(id, "id is null");
            placements = List.copyOf(placements);
        }
    }

    /**
     * Stop a running workload to make room for {@code by}; it loses {@code lostGpuHours} of work done since its last
     * checkpoint. A {@link Requeue} follows.
     */
    record Preempt(String id, String by, double lostGpuHours, String reason) implements Decision {}

    /** The workload is pending again, keeping its progress up to its last checkpoint. */
    record Requeue(String id, String reason) implements Decision {}

    /** The workload can never run here; it will not be tried again. */
    record Reject(String id, Verdict verdict) implements Decision {}
}
