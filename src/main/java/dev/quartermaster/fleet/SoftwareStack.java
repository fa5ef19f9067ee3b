package dev.quartermaster.fleet;

/** The software an accelerator runs: a workload built for one stack does not run on another. */
public enum SoftwareStack {
    CUDA,
    ROCM,
    IN_HOUSE
}
