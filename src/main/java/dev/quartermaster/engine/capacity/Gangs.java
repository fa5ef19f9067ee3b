package dev.quartermaster.engine.capacity;

import dev.quartermaster.workload.Topology;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses nodes for a gang inside one pool, all or nothing, best fit: the fullest node or block that still holds it,
 * so whole nodes and blocks stay free for the large gangs that need them.
 */
public final class Gangs {

    private Gangs() {}

    /** Whether the pool could hold the gang now, answered from the indexes alone. */
    public static boolean fits(PoolState pool, int nodes, int perNode, Topology topology) {
        if (perNode > pool.gpusPerNode()) {
            return false;
        }
        return switch (effective(topology, nodes)) {
            case NODE -> pool.nodesWithFree(perNode) >= 1;
            case BLOCK -> nodes <= pool.blockNodes() && pool.nodesWithFree(perNode) >= nodes && bestBlock(pool, nodes, perNode) >= 0;
            case CLUSTER -> pool.nodesWithFree(perNode) >= nodes;
        };
    }

    /** Whether the gang would fit were every node of the pool that is up free: when not, nothing ending makes room. */
    public static boolean couldEverFit(PoolState pool, int nodes, int perNode, Topology topology) {
        if (perNode > pool.gpusPerNode()) {
            return false;
        }
        long upNodes = pool.upGpus() / pool.gpusPerNode();
        return switch (effective(topology, nodes)) {
            case NODE -> upNodes >= 1;
            case CLUSTER -> upNodes >= nodes;
            case BLOCK -> {
                if (nodes > pool.blockNodes() || upNodes < nodes) {
                    yield false;
                }
                for (int b = 0; b < pool.blocks(); b++) {
                    if (pool.blockUpGpus(b) / pool.gpusPerNode() >= nodes) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    /**
     * {@link #fits}, for a gang that did not fit before the gangs {@code freed} gave back their GPUs: a block gang can
     * fit only in a block those nodes are in, so only those blocks are asked (the others are as they were).
     */
    public static boolean fitsAfterFreeing(PoolState pool, int nodes, int perNode, Topology topology, List<Selection> freed) {
        if (effective(topology, nodes) != Topology.BLOCK) {
            return fits(pool, nodes, perNode, topology);
        }
        if (perNode > pool.gpusPerNode() || nodes > pool.blockNodes() || pool.nodesWithFree(perNode) < nodes) {
            return false;
        }
        for (Selection s : freed) {
            for (int node : s.nodes()) {
                if (pool.nodesWithFree(pool.blockOf(node), perNode) >= nodes) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How many such gangs the pool could take now, one after another (at most {@code cap}). */
    public static int count(PoolState pool, int nodes, int perNode, Topology topology, int cap) {
        if (perNode > pool.gpusPerNode()) {
            return 0;
        }
        long count = 0;
        switch (effective(topology, nodes)) {
            case NODE -> {
                for (int k = perNode; k <= pool.gpusPerNode(); k++) {
                    count += (long) pool.nodesWithExactly(k) * (k / perNode);
                }
            }
            case BLOCK -> {
                if (nodes <= pool.blockNodes()) {
                    for (int b = 0; b < pool.blocks() && count < cap; b++) {
                        count += pool.nodesWithFree(b, perNode) / nodes;
                    }
                }
            }
            case CLUSTER -> count = pool.nodesWithFree(perNode) / nodes;
        }
        return (int) Math.min(count, cap);
    }

    /**
     * How full the domain {@link #select} would put the gang in (its node, its block, or the pool) is once the gang is
     * in it, 0..1, worked out from the indexes without choosing nodes. The gang must fit.
     */
    public static double fillAfter(PoolState pool, int nodes, int perNode, Topology topology) {
        int gang = nodes * perNode;
        return switch (effective(topology, nodes)) {
            case NODE -> {
                int node = pool.bestFitNode(perNode);
                yield (pool.gpusPerNode() - pool.free(node) + perNode) / (double) pool.gpusPerNode();
            }
            case BLOCK -> {
                int block = bestBlock(pool, nodes, perNode);
                long up = pool.blockUpGpus(block);
                yield up == 0 ? 1 : (up - pool.blockFreeGpus(block) + gang) / (double) up;
            }
            case CLUSTER -> pool.upGpus() == 0 ? 1 : (pool.upGpus() - pool.freeGpus() + gang) / (double) pool.upGpus();
        };
    }

    /** The nodes for the gang, or null when it does not fit now. Takes nothing. */
    public static Selection select(PoolState pool, int nodes, int perNode, Topology topology) {
        if (!fits(pool, nodes, perNode, topology)) {
            return null;
        }
        return switch (effective(topology, nodes)) {
            case NODE -> {
                int node = pool.bestFitNode(perNode);
                yield new Selection(pool, pool.blockOf(node), new int[] {node}, perNode);
            }
            case BLOCK -> {
                int block = bestBlock(pool, nodes, perNode);
                int from = block * pool.blockNodes();
                int to = Math.min(pool.nodes(), from + pool.blockNodes());
                yield new Selection(pool, block, pick(pool, from, to, nodes, perNode), perNode);
            }
            case CLUSTER -> new Selection(pool, -1, pickAcrossBlocks(pool, nodes, perNode), perNode);
        };
    }

    /** A one-node gang is a node gang whatever it asked for. */
    /** The topology a gang of {@code nodes} nodes needs: one node is one node, whatever it asks. */
    public static Topology effective(Topology topology, int nodes) {
        return nodes == 1 ? Topology.NODE : topology;
    }

    /** The block with the fewest nodes of {@code perNode} free GPUs that still has {@code nodes} of them, or -1. */
    static int bestBlock(PoolState pool, int nodes, int perNode) {
        int best = -1;
        int bestCount = Integer.MAX_VALUE;
        for (int b = 0; b < pool.blocks(); b++) {
            int count = pool.nodesWithFree(b, perNode);
            if (count >= nodes && count < bestCount) {
                best = b;
                bestCount = count;
                if (count == nodes) {
                    break;
                }
            }
        }
        return best;
    }

    /** The {@code count} nodes in [from, to) with the fewest free GPUs that still have {@code perNode}. */
    private static int[] pick(PoolState pool, int from, int to, int count, int perNode) {
        int[] picked = new int[count];
        int n = 0;
        for (int level = perNode; level <= pool.gpusPerNode() && n < count; level++) {
            for (int node = from; node < to && n < count; node++) {
                if (!pool.isDown(node) && pool.free(node) == level) {
                    picked[n++] = node;
                }
            }
        }
        if (n < count) {
            throw new IllegalStateException("index says " + count + " nodes fit in " + pool.ref() + " [" + from + "," + to
                    + ") but only " + n + " were found");
        }
        Arrays.sort(picked);
        return picked;
    }

    /** Nodes from the fewest blocks: fullest blocks first, so that empty blocks stay empty. */
    private static int[] pickAcrossBlocks(PoolState pool, int count, int perNode) {
        Integer[] blocks = new Integer[pool.blocks()];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = b;
        }
        // Blocks that can hold the whole remainder first would be ideal; fullest-first is a good, cheap order.
        Arrays.sort(blocks, (a, b) -> Integer.compare(pool.nodesWithFree(a, perNode), pool.nodesWithFree(b, perNode)));
        int[] picked = new int[count];
        int n = 0;
        for (int b : blocks) {
            int available = pool.nodesWithFree(b, perNode);
            if (available == 0) {
                continue;
            }
            int from = b * pool.blockNodes();
            int to = Math.min(pool.nodes(), from + pool.blockNodes());
            int[] some = pick(pool, from, to, Math.min(available, count - n), perNode);
            System.arraycopy(some, 0, picked, n, some.length);
            n += some.length;
            if (n == count) {
                break;
            }
        }
        Arrays.sort(picked);
        return picked;
    }
}
