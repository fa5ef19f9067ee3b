package dev.quartermaster.workload;

/** How sensitive a workload's data is. RESTRICTED data runs only on providers certified for it. */
public enum DataClass {
    PUBLIC,
    INTERNAL,
    RESTRICTED
}
