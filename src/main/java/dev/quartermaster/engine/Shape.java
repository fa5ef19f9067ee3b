package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.workload.Topology;
import java.util.List;

/**
 * What room a workload needs, whoever it belongs to: its candidate pools (an interned array, compared by identity),
 * its gang's nodes and GPUs per node, topology, replicas and regions. Workloads of one shape fit or do not fit
 * together.
 */
record Shape(PoolState[] candidates, int nodes, int gpusPerNode, Topology topology, int replicas, List<String> regions) {

    static Shape of(Job job) {
        var w = job.workload;
        return new Shape(job.candidates, w.nodes(), w.gpusPerNode(), w.topology(), w.replicas(), w.regions());
    }

    int gangGpus() {
        return nodes * gpusPerNode;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && s.candidates == candidates && s.nodes == nodes && s.gpusPerNode == gpusPerNode
                && s.topology == topology && s.replicas == replicas && s.regions.equals(regions);
    }

    @Override
    public int hashCode() {
        return ((System.identityHashCode(candidates) * 31 + nodes) * 31 + gpusPerNode) * 31 + topology.hashCode()
                + replicas * 7 + regions.hashCode();
    }
}
