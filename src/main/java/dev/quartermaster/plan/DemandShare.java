package dev.quartermaster.plan;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.Names;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.WorkloadKind;

/**
 * A share of the demand: that part of the workloads, drawn by a hash of each one's id, given to {@code team}, as a
 * workload of {@code kind} and with data of {@code dataClass} (null: as the workload has it). A service (an inference
 * workload without work, or with replicas) stays an inference workload.
 */
public record DemandShare(String team, WorkloadKind kind, DataClass dataClass, double share) {

    public static final Bounds SHARE = Bounds.decimals(0.001, 1);

    public DemandShare {
        Names.check("team", team);
        SHARE.check("share", share);
    }
}
