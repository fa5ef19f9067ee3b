package dev.quartermaster.engine.capacity;

import java.util.Arrays;

/** Nodes chosen for one gang in one pool: {@code gpusPerNode} GPUs on each of {@code nodes}; block -1 when it spans blocks. */
public record Selection(PoolState pool, int block, int[] nodes, int gpusPerNode) {

    public int gpus() {
        return nodes.length * gpusPerNode;
    }

    public void take() {
        for (int node : nodes) {
            pool.take(node, gpusPerNode);
        }
    }

    public void give() {
        for (int node : nodes) {
            pool.give(node, gpusPerNode);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selection s && s.pool == pool && s.block == block && s.gpusPerNode == gpusPerNode
                && Arrays.equals(s.nodes, nodes);
    }

    @Override
    public int hashCode() {
        return pool.index() * 31 + Arrays.hashCode(nodes);
    }

    @Override
    public String toString() {
        return pool.ref() + (block >= 0 ? " block " + block : "") + " nodes " + Arrays.toString(nodes) + " x" + gpusPerNode;
    }
}
