package dev.quartermaster.engine;

/** Where a workload is in the engine. Preempted work goes back to PENDING. */
public enum WorkloadState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    REJECTED;

    public boolean isTerminal() {
        return this != PENDING && this != RUNNING;
    }
}
