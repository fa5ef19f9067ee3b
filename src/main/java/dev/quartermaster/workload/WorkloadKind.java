package dev.quartermaster.workload;

/** What a workload is; the default tier preference depends on it. */
public enum WorkloadKind {
    TRAINING,
    FINE_TUNING,
    INFERENCE,
    BATCH
}
