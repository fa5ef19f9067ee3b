package dev.quartermaster.engine;

import static java.util.Objects.requireNonNull;

import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.workload.Workload;

/**
 * Everything the engine is told. The server turns API calls and backend reports into events; the simulator turns its
 * event queue into them. Time is not in the events: the engine reads its injected clock.
 */
public sealed interface Event {

    /** A new workload; {@code id} is unique for the engine's lifetime. */
    record Submitted(String id, Workload workload) implements Event {
        public Submitted {
            requireNonNull(id, "id is null");
            requireNonNull(workload, "workload is null");
        }
    }

    /**
     * Work that already runs where {@code placements} say (a backend reports it after a restart, or the fleet was
     * replaced under it): the engine takes it as running there, without a Place. When it cannot (a pool or node is
     * gone, or taken), the engine answers with a Requeue and holds it pending.
     */
    record Adopted(String id, Workload workload, java.util.List<Placement> placements) implements Event {
        public Adopted {
            requireNonNull(id, "id is null");
            requireNonNull(workload, "workload is null");
            placements = java.util.List.copyOf(placements);
        }
    }

    /** The owner cancelled it; running or pending, it stops and frees what it holds. */
    record Cancelled(String id) implements Event {}

    /** It completed its work. */
    record Finished(String id) implements Event {}

    /** It failed by its own fault (the program crashed); it is not run again. */
    record Failed(String id, String reason) implements Event {}

    /**
     * Its run was lost through no fault of its own (its node failed, the cluster manager preempted it): it is pending
     * again with the progress of its last checkpoint, and a Requeue says so.
     */
    record Lost(String id, String reason) implements Event {}

    /** It saved its progress: a later preemption or failure loses only the work done since. */
    record CheckpointTaken(String id) implements Event {}

    /** A node stopped; work on it is requeued from its last checkpoint. */
    record NodeDown(PoolRef pool, int node) implements Event {}

    record NodeUp(PoolRef pool, int node) implements Event {}

    /** A pool now has {@code nodes} nodes; work on removed nodes is requeued. */
    record PoolResized(PoolRef pool, int nodes) implements Event {}

    /** A whole cluster became unreachable (provider outage, backend down) or came back. */
    record ClusterHealth(String cluster, boolean healthy) implements Event {}

    record ContractStarted(String contract) implements Event {}

    record ContractEnded(String contract) implements Event {}

    /** The spot market took a node back; work on it is requeued, the node can be provisioned again. */
    record SpotInterrupted(PoolRef pool, int node) implements Event {}

    /**
     * The past usage of the engine this one replaces (the fleet changed under a running server): fair share goes on
     * from it rather than from nothing. Teams and accelerator types the fleet no longer has are left out.
     */
    record UsageCarried(UsageHistory history) implements Event {
        public UsageCarried {
            requireNonNull(history, "history is null");
        }
    }

    /** Run a scheduling cycle. */
    record Tick() implements Event {}
}
