package dev.quartermaster.engine.capacity;

import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.PoolRef;
import java.util.Arrays;

/**
 * The free GPUs of every node of one pool, with indexes that answer "is there a node with g free GPUs" and "is there a
 * block with n nodes of g free GPUs" without scanning the pool: per free-GPU level a set of nodes, per block a
 * histogram of nodes by free GPUs. Nodes that are down have no free GPUs and count in no index.
 *
 * <p>Not thread-safe: owned by the engine's single thread.
 */
public final class PoolState {

    private final int index;
    private final Site site;
    private final PoolRef ref;
    private final int gpusPerNode;
    private final int blockNodes;
    private int nodes;
    private int[] free;
    private boolean[] down;
    /** byLevel[k]: nodes (up) with exactly k free GPUs. */
    private final NodeBits[] byLevel;
    /** blockHistogram[b][k]: nodes of block b (up) with exactly k free GPUs. */
    private int[][] blockHistogram;
    private final int[] poolHistogram;
    /**
     * Bit k-1 is set when some node (up) has exactly k free GPUs (k from 1 to 64): the best fit is found without
     * visiting the levels that have no node, each an object of its own.
     */
    private long levelsWithNodes;
    /** Free and up GPUs per block. */
    private long[] blockFree = new long[0];
    private long[] blockUp = new long[0];
    private long freeGpus;
    private long upGpus;

    public PoolState(int index, Site site) {
        this.index = index;
        this.site = site;
        this.ref = site.ref();
        this.gpusPerNode = site.pool().gpusPerNode();
        this.blockNodes = site.pool().blockNodes();
        this.byLevel = new NodeBits[gpusPerNode + 1];
        for (int k = 0; k <= gpusPerNode; k++) {
            byLevel[k] = new NodeBits();
        }
        this.poolHistogram = new int[gpusPerNode + 1];
        this.nodes = 0;
        this.free = new int[0];
        this.down = new boolean[0];
        this.blockHistogram = new int[0][];
        resize(site.pool().nodes());
    }

    public int index() {
        return index;
    }

    public Site site() {
        return site;
    }

    public PoolRef ref() {
        return ref;
    }

    public int nodes() {
        return nodes;
    }

    public int gpusPerNode() {
        return gpusPerNode;
    }

    public int blockNodes() {
        return blockNodes;
    }

    public int blocks() {
        return (nodes + blockNodes - 1) / blockNodes;
    }

    public int blockOf(int node) {
        return node / blockNodes;
    }

    public int free(int node) {
        return free[node];
    }

    public boolean isDown(int node) {
        return down[node];
    }

    public long freeGpus() {
        return freeGpus;
    }

    /** GPUs on nodes that are up, free or not. */
    public long upGpus() {
        return upGpus;
    }

    /** Free GPUs on the nodes (up) of a block. */
    public long blockFreeGpus(int block) {
        return blockFree[block];
    }

    /** GPUs of the nodes of a block that are up. */
    public long blockUpGpus(int block) {
        return blockUp[block];
    }

    /** Nodes (up) with exactly {@code g} free GPUs. */
    public int nodesWithExactly(int g) {
        return poolHistogram[g];
    }

    /** Nodes (up) with at least {@code g} free GPUs in the whole pool. */
    public int nodesWithFree(int g) {
        return sumFrom(poolHistogram, g);
    }

    /** Nodes (up) with at least {@code g} free GPUs in block {@code b}. */
    public int nodesWithFree(int block, int g) {
        return sumFrom(blockHistogram[block], g);
    }

    /** The most nodes with at least {@code g} free GPUs that any one block has. */
    public int largestBlockWithFree(int g) {
        int best = 0;
        for (int b = 0; b < blocks(); b++) {
            best = Math.max(best, nodesWithFree(b, g));
        }
        return best;
    }

    private static int sumFrom(int[] histogram, int g) {
        int sum = 0;
        for (int k = Math.max(0, g); k < histogram.length; k++) {
            sum += histogram[k];
        }
        return sum;
    }

    /** The node with the fewest free GPUs that still has {@code g} (best fit), or -1. */
    public int bestFitNode(int g) {
        if (g >= 1 && g <= 64) {
            long levels = levelsWithNodes & (-1L << (g - 1));
            return levels == 0 ? -1 : byLevel[Long.numberOfTrailingZeros(levels) + 1].first();
        }
        for (int k = Math.max(0, g); k <= gpusPerNode; k++) {
            int node = byLevel[k].first();
            if (node >= 0) {
                return node;
            }
        }
        return -1;
    }

    /** Takes {@code g} GPUs of a node. */
    public void take(int node, int g) {
        if (down[node] || free[node] < g) {
            throw new IllegalStateException(ref + " node " + node + " has " + free[node] + " free GPUs"
                    + (down[node] ? " and is down" : "") + "; cannot take " + g);
        }
        setFree(node, free[node] - g);
    }

    /** Gives back {@code g} GPUs of a node (ignored for GPUs of a node that went down or was removed since). */
    public void give(int node, int g) {
        if (node >= nodes || down[node]) {
            return;
        }
        if (free[node] + g > gpusPerNode) {
            throw new IllegalStateException(ref + " node " + node + " would have " + (free[node] + g) + " free GPUs of "
                    + gpusPerNode);
        }
        setFree(node, free[node] + g);
    }

    /** Marks a node down (its GPUs leave every index) or up again (all its GPUs free). */
    public void setDown(int node, boolean isDown) {
        if (down[node] == isDown) {
            return;
        }
        int b = blockOf(node);
        if (isDown) {
            unindex(node);
            freeGpus -= free[node];
            upGpus -= gpusPerNode;
            blockFree[b] -= free[node];
            blockUp[b] -= gpusPerNode;
            free[node] = 0;
            down[node] = true;
        } else {
            down[node] = false;
            free[node] = gpusPerNode;
            freeGpus += gpusPerNode;
            upGpus += gpusPerNode;
            blockFree[b] += gpusPerNode;
            blockUp[b] += gpusPerNode;
            index(node);
        }
    }

    /** Grows or shrinks the pool; removed nodes must have been emptied by the caller. New nodes are up and free. */
    public void resize(int newNodes) {
        if (newNodes < nodes) {
            for (int n = newNodes; n < nodes; n++) {
                if (!down[n]) {
                    setDown(n, true);
                }
            }
            nodes = newNodes;
            free = Arrays.copyOf(free, newNodes);
            down = Arrays.copyOf(down, newNodes);
            blockHistogram = Arrays.copyOf(blockHistogram, blocks());
            blockFree = Arrays.copyOf(blockFree, blocks());
            blockUp = Arrays.copyOf(blockUp, blocks());
            return;
        }
        int old = nodes;
        free = Arrays.copyOf(free, newNodes);
        down = Arrays.copyOf(down, newNodes);
        nodes = newNodes;
        int oldBlocks = blockHistogram.length;
        blockHistogram = Arrays.copyOf(blockHistogram, blocks());
        blockFree = Arrays.copyOf(blockFree, blocks());
        blockUp = Arrays.copyOf(blockUp, blocks());
        for (int b = oldBlocks; b < blockHistogram.length; b++) {
            blockHistogram[b] = new int[gpusPerNode + 1];
        }
        for (int n = old; n < newNodes; n++) {
            down[n] = true;
            setDown(n, false);
        }
    }

    private void setFree(int node, int value) {
        unindex(node);
        freeGpus += value - free[node];
        blockFree[blockOf(node)] += value - free[node];
        free[node] = value;
        index(node);
    }

    private void index(int node) {
        int k = free[node];
        byLevel[k].set(node);
        blockHistogram[blockOf(node)][k]++;
        if (poolHistogram[k]++ == 0 && k > 0) {
            levelsWithNodes |= 1L << (k - 1);
        }
    }

    private void unindex(int node) {
        int k = free[node];
        byLevel[k].clear(node);
        blockHistogram[blockOf(node)][k]--;
        if (--poolHistogram[k] == 0 && k > 0) {
            levelsWithNodes &= ~(1L << (k - 1));
        }
    }

    @Override
    public String toString() {
        return ref + " (" + freeGpus + "/" + upGpus + " GPUs free)";
    }
}
