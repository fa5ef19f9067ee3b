package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.workload.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What room a workload needs, whoever it belongs to: its candidate pools (an interned array, compared by identity),
 * its gang's nodes and GPUs per node, topology, replicas and regions. Workloads of one shape fit or do not fit
 * together. An engine keeps one instance per shape ({@link Interned}), numbered in the order met, so that maps keyed
 * by shape find theirs by identity and per-search memos can be arrays indexed by {@link #id}.
 */
final class Shape {

    private final PoolState[] candidates;
    private final int nodes;
    private final int gpusPerNode;
    private final Topology topology;
    private final int replicas;
    private final List<String> regions;
    private final int hash;
    /** Its number in the engine's {@link Interned} table. */
    final int id;

    private Shape(PoolState[] candidates, int nodes, int gpusPerNode, Topology topology, int replicas, List<String> regions,
            int id) {
        this.candidates = candidates;
        this.nodes = nodes;
        this.gpusPerNode = gpusPerNode;
        this.topology = topology;
        this.replicas = replicas;
        this.regions = regions;
        this.id = id;
        this.hash = ((System.identityHashCode(candidates) * 31 + nodes) * 31 + gpusPerNode) * 31 + topology.hashCode()
                + replicas * 7 + regions.hashCode();
    }

    PoolState[] candidates() {
        return candidates;
    }

    int nodes() {
        return nodes;
    }

    int gpusPerNode() {
        return gpusPerNode;
    }

    Topology topology() {
        return topology;
    }

    int replicas() {
        return replicas;
    }

    List<String> regions() {
        return regions;
    }

    int gangGpus() {
        return nodes * gpusPerNode;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Shape s && s.hash == hash && s.candidates == candidates && s.nodes == nodes
                && s.gpusPerNode == gpusPerNode && s.topology == topology && s.replicas == replicas
                && s.regions.equals(regions);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return nodes + "x" + gpusPerNode + " " + topology + (replicas == 1 ? "" : " x" + replicas) + " in "
                + candidates.length + " pools" + (regions.isEmpty() ? "" : " " + regions);
    }

    /** The shapes an engine has met, one instance each, numbered from 0. */
    static final class Interned {
        private final Map<Shape, Shape> shapes = new HashMap<>();

        /** The shape of a workload with these candidate pools: the instance met before, or a new one numbered next. */
        Shape of(dev.quartermaster.workload.Workload w, PoolState[] candidates) {
            Shape shape = new Shape(candidates, w.nodes(), w.gpusPerNode(), w.topology(), w.replicas(), w.regions(),
                    shapes.size());
            Shape met = shapes.putIfAbsent(shape, shape);
            return met == null ? shape : met;
        }
    }
}
