package dev.quartermaster.engine.capacity;

import static dev.quartermaster.engine.TestFleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The free-GPU indexes of a pool after take, give, setDown and resize, against counts worked out by hand. */
class PoolStateTest {

    /** A pool of one cluster: {@code nodes} nodes of {@code gpusPerNode} GPUs in blocks of {@code blockNodes}. */
    static Site site(int nodes, int gpusPerNode, int blockNodes) {
        NodePool pool = new NodePool("pool", "H100", nodes, false, gpusPerNode, blockNodes, 1.0, Duration.ZERO, null);
        return fleet().provider("own", Tier.IN_HOUSE).cluster("dc", "us-west", pool).done().team("a", "H100", 8).build()
                .sites().get(0);
    }

    /** Six nodes of 4 GPUs in blocks of 4: block 0 is nodes 0..3, block 1 nodes 4..5. */
    static PoolState six() {
        return new PoolState(0, site(6, 4, 4));
    }

    /** Applies operations such as "take 1 3; give 1 2; down 2; up 2; resize 8". */
    static PoolState apply(PoolState pool, String ops) {
        if (ops.isBlank()) {
            return pool;
        }
        for (String op : ops.split(";")) {
            String[] p = op.trim().split(" ");
            switch (p[0]) {
                case "take" -> pool.take(Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                case "give" -> pool.give(Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                case "down" -> pool.setDown(Integer.parseInt(p[1]), true);
                case "up" -> pool.setDown(Integer.parseInt(p[1]), false);
                case "resize" -> pool.resize(Integer.parseInt(p[1]));
                default -> throw new IllegalArgumentException(op);
            }
        }
        return pool;
    }

    /**
     * Operations on {@link #six()} and what the indexes must say after them: free and up GPUs, nodes with at least g
     * free GPUs for g = 1..4 in the pool and per block, and the best-fit node for g = 1..4.
     */
    record Row(String ops, int nodes, long free, long up, int[] withFree, int[][] perBlock, int[] bestFit) {
        @Override
        public String toString() {
            return ops.isBlank() ? "fresh" : ops;
        }
    }

    static int[] g(int... values) {
        return values;
    }

    static int[][] blocks(int[]... values) {
        return values;
    }

    static List<Row> rows() {
        return List.of(
                new Row("", 6, 24, 24, g(6, 6, 6, 6), blocks(g(4, 4, 4, 4), g(2, 2, 2, 2)), g(0, 0, 0, 0)),
                // node 1 has 1 free: the fullest node for g = 1
                new Row("take 1 3", 6, 21, 24, g(6, 5, 5, 5), blocks(g(4, 3, 3, 3), g(2, 2, 2, 2)), g(1, 0, 0, 0)),
                // node 4 has 2 free: the fullest for g = 2
                new Row("take 1 3; take 4 2", 6, 19, 24, g(6, 5, 4, 4), blocks(g(4, 3, 3, 3), g(2, 2, 1, 1)),
                        g(1, 4, 0, 0)),
                new Row("take 1 3; take 4 2; give 1 3", 6, 22, 24, g(6, 6, 5, 5), blocks(g(4, 4, 4, 4), g(2, 2, 1, 1)),
                        g(4, 4, 0, 0)),
                // node 5 has 3 free, node 2 has 3 free: the lower index wins a tie
                new Row("take 5 1; take 2 1", 6, 22, 24, g(6, 6, 6, 4), blocks(g(4, 4, 4, 3), g(2, 2, 2, 1)),
                        g(2, 2, 2, 0)),
                new Row("take 1 1; give 1 1", 6, 24, 24, g(6, 6, 6, 6), blocks(g(4, 4, 4, 4), g(2, 2, 2, 2)),
                        g(0, 0, 0, 0)),
                new Row("take 0 4", 6, 20, 24, g(5, 5, 5, 5), blocks(g(3, 3, 3, 3), g(2, 2, 2, 2)), g(1, 1, 1, 1)),
                new Row("take 0 2; take 0 2", 6, 20, 24, g(5, 5, 5, 5), blocks(g(3, 3, 3, 3), g(2, 2, 2, 2)),
                        g(1, 1, 1, 1)),
                new Row("take 3 4; take 2 4; take 1 4; take 0 4", 6, 8, 24, g(2, 2, 2, 2),
                        blocks(g(0, 0, 0, 0), g(2, 2, 2, 2)), g(4, 4, 4, 4)),
                new Row("take 0 1; take 1 2; take 2 3; take 3 4; take 4 4; take 5 4", 6, 6, 24, g(3, 2, 1, 0),
                        blocks(g(3, 2, 1, 0), g(0, 0, 0, 0)), g(2, 1, 0, -1)),
                // a node down leaves every index
                new Row("down 2", 6, 20, 20, g(5, 5, 5, 5), blocks(g(3, 3, 3, 3), g(2, 2, 2, 2)), g(0, 0, 0, 0)),
                new Row("down 0", 6, 20, 20, g(5, 5, 5, 5), blocks(g(3, 3, 3, 3), g(2, 2, 2, 2)), g(1, 1, 1, 1)),
                new Row("take 2 1; down 2", 6, 20, 20, g(5, 5, 5, 5), blocks(g(3, 3, 3, 3), g(2, 2, 2, 2)),
                        g(0, 0, 0, 0)),
                new Row("down 2; down 2", 6, 20, 20, g(5, 5, 5, 5), blocks(g(3, 3, 3, 3), g(2, 2, 2, 2)),
                        g(0, 0, 0, 0)),
                new Row("down 4; down 5", 6, 16, 16, g(4, 4, 4, 4), blocks(g(4, 4, 4, 4), g(0, 0, 0, 0)),
                        g(0, 0, 0, 0)),
                // up again: all its GPUs free, whatever ran on it before
                new Row("down 2; up 2", 6, 24, 24, g(6, 6, 6, 6), blocks(g(4, 4, 4, 4), g(2, 2, 2, 2)), g(0, 0, 0, 0)),
                new Row("take 2 3; down 2; up 2", 6, 24, 24, g(6, 6, 6, 6), blocks(g(4, 4, 4, 4), g(2, 2, 2, 2)),
                        g(0, 0, 0, 0)),
                new Row("up 3", 6, 24, 24, g(6, 6, 6, 6), blocks(g(4, 4, 4, 4), g(2, 2, 2, 2)), g(0, 0, 0, 0)),
                // GPUs given back to a node that went down since are ignored
                new Row("take 2 3; down 2; give 2 3", 6, 20, 20, g(5, 5, 5, 5), blocks(g(3, 3, 3, 3), g(2, 2, 2, 2)),
                        g(0, 0, 0, 0)),
                // resize: shrink drops block 1; grow adds nodes up and free, in a new block 2 when needed
                new Row("resize 4", 4, 16, 16, g(4, 4, 4, 4), blocks(g(4, 4, 4, 4)), g(0, 0, 0, 0)),
                new Row("resize 5", 5, 20, 20, g(5, 5, 5, 5), blocks(g(4, 4, 4, 4), g(1, 1, 1, 1)), g(0, 0, 0, 0)),
                new Row("resize 9", 9, 36, 36, g(9, 9, 9, 9), blocks(g(4, 4, 4, 4), g(4, 4, 4, 4), g(1, 1, 1, 1)),
                        g(0, 0, 0, 0)),
                new Row("take 5 1; resize 5", 5, 20, 20, g(5, 5, 5, 5), blocks(g(4, 4, 4, 4), g(1, 1, 1, 1)),
                        g(0, 0, 0, 0)),
                new Row("take 0 3; take 4 4; resize 4; resize 6", 6, 21, 24, g(6, 5, 5, 5),
                        blocks(g(4, 3, 3, 3), g(2, 2, 2, 2)), g(0, 1, 1, 1)),
                new Row("down 5; resize 8", 8, 28, 28, g(7, 7, 7, 7), blocks(g(4, 4, 4, 4), g(3, 3, 3, 3)),
                        g(0, 0, 0, 0)),
                new Row("down 5; resize 5; resize 6", 6, 24, 24, g(6, 6, 6, 6), blocks(g(4, 4, 4, 4), g(2, 2, 2, 2)),
                        g(0, 0, 0, 0)),
                // GPUs given back to a node removed since are ignored
                new Row("take 4 2; resize 4; give 4 2", 4, 16, 16, g(4, 4, 4, 4), blocks(g(4, 4, 4, 4)),
                        g(0, 0, 0, 0)),
                new Row("resize 0", 0, 0, 0, g(0, 0, 0, 0), blocks(), g(-1, -1, -1, -1)),
                new Row("resize 0; resize 2", 2, 8, 8, g(2, 2, 2, 2), blocks(g(2, 2, 2, 2)), g(0, 0, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void indexes(Row row) {
        PoolState pool = apply(six(), row.ops());
        assertThat(pool.nodes()).as("nodes").isEqualTo(row.nodes());
        assertThat(pool.freeGpus()).as("freeGpus").isEqualTo(row.free());
        assertThat(pool.upGpus()).as("upGpus").isEqualTo(row.up());
        assertThat(pool.blocks()).as("blocks").isEqualTo(row.perBlock().length);
        for (int g = 1; g <= 4; g++) {
            assertThat(pool.nodesWithFree(g)).as("nodesWithFree(%d)", g).isEqualTo(row.withFree()[g - 1]);
            assertThat(pool.bestFitNode(g)).as("bestFitNode(%d)", g).isEqualTo(row.bestFit()[g - 1]);
            int largest = 0;
            for (int b = 0; b < row.perBlock().length; b++) {
                assertThat(pool.nodesWithFree(b, g)).as("block %d nodesWithFree(%d)", b, g)
                        .isEqualTo(row.perBlock()[b][g - 1]);
                largest = Math.max(largest, row.perBlock()[b][g - 1]);
            }
            assertThat(pool.largestBlockWithFree(g)).as("largestBlockWithFree(%d)", g).isEqualTo(largest);
        }
        assertThat(pool.nodesWithFree(0)).as("nodes up").isEqualTo((int) (row.up() / 4));
        assertThat(pool.nodesWithFree(5)).as("more than a node has").isZero();
        assertThat(pool.bestFitNode(5)).as("more than a node has").isEqualTo(-1);
        assertThat(Recount.of(pool)).as("brute-force recount").isEqualTo(Recount.indexes(pool));
    }

    // Refusals

    record Refusal(String setup, String op, String message) {
        @Override
        public String toString() {
            return (setup.isBlank() ? "" : setup + "; ") + op;
        }
    }

    static List<Refusal> refusals() {
        return List.of(
                new Refusal("", "take 0 5", "dc/pool node 0 has 4 free GPUs; cannot take 5"),
                new Refusal("take 0 3", "take 0 2", "dc/pool node 0 has 1 free GPUs; cannot take 2"),
                new Refusal("take 0 4", "take 0 1", "dc/pool node 0 has 0 free GPUs; cannot take 1"),
                new Refusal("down 3", "take 3 1", "dc/pool node 3 has 0 free GPUs and is down; cannot take 1"),
                new Refusal("", "give 0 1", "dc/pool node 0 would have 5 free GPUs of 4"),
                new Refusal("take 5 2", "give 5 3", "dc/pool node 5 would have 5 free GPUs of 4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedOperationsThrowAndChangeNothing(Refusal row) {
        PoolState pool = apply(six(), row.setup());
        Recount before = Recount.of(pool);
        assertThatThrownBy(() -> apply(pool, row.op()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(row.message());
        assertThat(Recount.of(pool)).isEqualTo(before);
        assertThat(Recount.indexes(pool)).isEqualTo(before);
    }

    @Test
    void accessors() {
        PoolState pool = new PoolState(3, site(10, 8, 4));
        assertThat(pool.index()).isEqualTo(3);
        assertThat(pool.ref().toString()).isEqualTo("dc/pool");
        assertThat(pool.site().pool().name()).isEqualTo("pool");
        assertThat(pool.nodes()).isEqualTo(10);
        assertThat(pool.gpusPerNode()).isEqualTo(8);
        assertThat(pool.blockNodes()).isEqualTo(4);
        assertThat(pool.blocks()).isEqualTo(3);
        assertThat(List.of(pool.blockOf(0), pool.blockOf(3), pool.blockOf(4), pool.blockOf(9))).containsExactly(0, 0, 1, 2);
        pool.take(9, 3);
        pool.setDown(0, true);
        assertThat(pool.free(9)).isEqualTo(5);
        assertThat(pool.free(0)).isZero();
        assertThat(pool.isDown(0)).isTrue();
        assertThat(pool.isDown(9)).isFalse();
        assertThat(pool).hasToString("dc/pool (69/72 GPUs free)");
    }

    // Random walks against a brute-force recount

    /** What the indexes must say, recounted from free() and isDown() alone. */
    record Recount(int nodes, long free, long up, List<Integer> withFree, List<List<Integer>> perBlock,
            List<Integer> bestFit, List<Integer> largestBlock, List<Integer> freeByNode) {

        /** By brute force. */
        static Recount of(PoolState pool) {
            int k = pool.gpusPerNode();
            long free = 0;
            long up = 0;
            Integer[] withFree = new Integer[k + 2];
            Integer[] bestFit = new Integer[k + 2];
            Integer[] largest = new Integer[k + 2];
            List<List<Integer>> perBlock = new ArrayList<>();
            List<Integer> freeByNode = new ArrayList<>();
            for (int n = 0; n < pool.nodes(); n++) {
                freeByNode.add(pool.isDown(n) ? -1 : pool.free(n));
                if (!pool.isDown(n)) {
                    free += pool.free(n);
                    up += k;
                }
            }
            int blocks = (pool.nodes() + pool.blockNodes() - 1) / pool.blockNodes();
            for (int b = 0; b < blocks; b++) {
                perBlock.add(new ArrayList<>());
            }
            for (int g = 0; g <= k + 1; g++) {
                int count = 0;
                int best = -1;
                int[] inBlock = new int[blocks];
                for (int n = 0; n < pool.nodes(); n++) {
                    if (!pool.isDown(n) && pool.free(n) >= g) {
                        count++;
                        inBlock[n / pool.blockNodes()]++;
                        if (best < 0 || pool.free(n) < pool.free(best)) {
                            best = n;
                        }
                    }
                }
                withFree[g] = count;
                bestFit[g] = best;
                largest[g] = Arrays.stream(inBlock).max().orElse(0);
                for (int b = 0; b < blocks; b++) {
                    perBlock.get(b).add(inBlock[b]);
                }
            }
            return new Recount(pool.nodes(), free, up, List.of(withFree), perBlock, List.of(bestFit), List.of(largest),
                    freeByNode);
        }

        /** From the indexes. */
        static Recount indexes(PoolState pool) {
            int k = pool.gpusPerNode();
            Integer[] withFree = new Integer[k + 2];
            Integer[] bestFit = new Integer[k + 2];
            Integer[] largest = new Integer[k + 2];
            List<List<Integer>> perBlock = new ArrayList<>();
            List<Integer> freeByNode = new ArrayList<>();
            for (int n = 0; n < pool.nodes(); n++) {
                freeByNode.add(pool.isDown(n) ? -1 : pool.free(n));
            }
            for (int b = 0; b < pool.blocks(); b++) {
                perBlock.add(new ArrayList<>());
            }
            for (int g = 0; g <= k + 1; g++) {
                withFree[g] = pool.nodesWithFree(g);
                // bestFitNode(0) may return a full node: the brute force agrees, both look for free >= 0
                bestFit[g] = pool.bestFitNode(g);
                largest[g] = pool.largestBlockWithFree(g);
                for (int b = 0; b < pool.blocks(); b++) {
                    perBlock.get(b).add(pool.nodesWithFree(b, g));
                }
            }
            return new Recount(pool.nodes(), pool.freeGpus(), pool.upGpus(), List.of(withFree), perBlock,
                    List.of(bestFit), List.of(largest), freeByNode);
        }
    }

    static Stream<Arguments> walks() {
        // seed, nodes, GPUs per node, block nodes
        return Stream.of(
                Arguments.of(1L, 16, 8, 4),
                Arguments.of(2L, 10, 8, 4),
                Arguments.of(3L, 7, 4, 3),
                Arguments.of(4L, 1, 8, 1),
                Arguments.of(5L, 32, 2, 8),
                Arguments.of(6L, 12, 1, 5),
                Arguments.of(7L, 9, 64, 3),   // the most GPUs a node may have: every bit of the levels' mask
                Arguments.of(20270104L, 24, 8, 6));
    }

    /**
     * 2,000 random take/give/setDown operations (and now and then a resize), each checked against a model of the
     * free GPUs per node and, after each, every index against a brute-force recount.
     */
    @ParameterizedTest(name = "seed {0}: {1} nodes x {2} GPUs, blocks of {3}")
    @MethodSource("walks")
    void randomWalkKeepsIndexesEqualToARecount(long seed, int nodes, int gpusPerNode, int blockNodes) {
        SplittableRandom random = new SplittableRandom(seed);
        PoolState pool = new PoolState(0, site(nodes, gpusPerNode, blockNodes));
        // The model: free GPUs per node, -1 for down.
        List<Integer> model = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            model.add(gpusPerNode);
        }
        int[] counts = new int[6];
        for (int step = 0; step < 2_000; step++) {
            int size = model.size();
            int op = random.nextInt(100);
            String did;
            if (size == 0 || op < 2) {
                int to = random.nextInt(1, nodes + 4);
                pool.resize(to);
                while (model.size() > to) {
                    model.remove(model.size() - 1);
                }
                while (model.size() < to) {
                    model.add(gpusPerNode);
                }
                did = "resize " + to;
                counts[0]++;
            } else {
                int n = random.nextInt(size);
                int free = model.get(n);
                if (op < 45) {
                    if (free > 0) {
                        int g = random.nextInt(1, free + 1);
                        pool.take(n, g);
                        model.set(n, free - g);
                        did = "take " + n + " " + g;
                        counts[1]++;
                    } else {
                        int g = random.nextInt(1, gpusPerNode + 1);
                        assertThatThrownBy(() -> pool.take(n, g)).isInstanceOf(IllegalStateException.class);
                        did = "take " + n + " " + g + " (refused)";
                        counts[2]++;
                    }
                } else if (op < 85) {
                    if (free >= 0 && free < gpusPerNode) {
                        int g = random.nextInt(1, gpusPerNode - free + 1);
                        pool.give(n, g);
                        model.set(n, free + g);
                        did = "give " + n + " " + g;
                        counts[3]++;
                    } else {
                        // a down node ignores what is given back; a free node refuses more
                        int g = random.nextInt(1, gpusPerNode + 1);
                        if (free < 0) {
                            pool.give(n, g);
                        } else {
                            assertThatThrownBy(() -> pool.give(n, g)).isInstanceOf(IllegalStateException.class);
                        }
                        did = "give " + n + " " + g + (free < 0 ? " (down, ignored)" : " (refused)");
                        counts[4]++;
                    }
                } else {
                    boolean down = random.nextInt(3) > 0 ? free >= 0 : free < 0;
                    pool.setDown(n, down);
                    model.set(n, down ? -1 : free < 0 ? gpusPerNode : free);
                    did = (down ? "down " : "up ") + n;
                    counts[5]++;
                }
            }
            String at = "step " + step + ": " + did;
            Recount recount = Recount.of(pool);
            assertThat(recount.freeByNode()).as(at + " free per node").isEqualTo(model);
            assertThat(Recount.indexes(pool)).as(at).isEqualTo(recount);
        }
        assertThat(Arrays.stream(counts).boxed().toList())
                .as("every kind of operation ran: resize, take, refused take, give, odd give, setDown")
                .allSatisfy(c -> assertThat(c).isPositive());
    }
}
