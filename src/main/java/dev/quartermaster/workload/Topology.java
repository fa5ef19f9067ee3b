package dev.quartermaster.workload;

/** How close together the nodes of a gang must be. A gang is never split across pools, so never across clusters. */
public enum Topology {
    /** All GPUs on one node. */
    NODE,
    /** All nodes inside one high-bandwidth block of a pool. */
    BLOCK,
    /** Any nodes of one pool of one cluster. */
    CLUSTER
}
