package dev.quartermaster.engine.capacity;

import static dev.quartermaster.engine.TestFleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Gang selection inside one pool: all or nothing, best fit, within one block when the topology says so. */
class GangsTest {

    /** {@code nodes} nodes of 8 GPUs in blocks of {@code blockNodes}. */
    static PoolState pool(int nodes, int blockNodes) {
        NodePool pool = new NodePool("pool", "H100", nodes, false, 8, blockNodes, 1.0, Duration.ZERO, null);
        return new PoolState(0, fleet().provider("own", Tier.IN_HOUSE).cluster("dc", "us-west", pool).done()
                .team("a", "H100", 8).build().sites().get(0));
    }

    /** Applies "take 5 6; take 0-3 8; down 4-7" (ranges include both ends). */
    static PoolState apply(PoolState pool, String ops) {
        if (ops.isBlank()) {
            return pool;
        }
        for (String op : ops.split(";")) {
            String[] p = op.trim().split(" ");
            String[] range = p[1].split("-");
            int from = Integer.parseInt(range[0]);
            int to = Integer.parseInt(range[range.length - 1]);
            for (int n = from; n <= to; n++) {
                switch (p[0]) {
                    case "take" -> pool.take(n, Integer.parseInt(p[2]));
                    case "down" -> pool.setDown(n, true);
                    default -> throw new IllegalArgumentException(op);
                }
            }
        }
        return pool;
    }

    /**
     * A pool of {@code poolNodes} in blocks of {@code blockNodes} after {@code setup}, a gang of {@code nodes} x
     * {@code perNode} GPUs, and the nodes and block it gets: null when it does not fit.
     */
    record Row(String description, int poolNodes, int blockNodes, String setup, int nodes, int perNode, Topology topology,
            int[] expected, int block) {
        @Override
        public String toString() {
            return description + ": " + nodes + " x " + perNode + " " + topology.name().toLowerCase()
                    + (setup.isBlank() ? "" : " after " + setup);
        }
    }

    static final Topology NODE = Topology.NODE;
    static final Topology BLOCK = Topology.BLOCK;
    static final Topology CLUSTER = Topology.CLUSTER;

    /** 16 nodes in 4 blocks of 4: block 0 is nodes 0..3, block 1 4..7, block 2 8..11, block 3 12..15. */
    static Row row(String description, String setup, int nodes, int perNode, Topology topology, int block,
            int... expected) {
        return new Row(description, 16, 4, setup, nodes, perNode, topology, expected, block);
    }

    static Row none(String description, String setup, int nodes, int perNode, Topology topology) {
        return new Row(description, 16, 4, setup, nodes, perNode, topology, null, -1);
    }

    static List<Row> rows() {
        String fragmented = "take 0 8; take 4 8; take 8 8; take 12 8";
        String twoHalves = "take 2-3 8; take 4-5 8; take 8-15 8";
        return List.of(
                // node
                row("node gang on a fresh pool", "", 1, 8, NODE, 0, 0),
                row("the fullest node that fits: node 5 has 2 free", "take 5 6; take 9 4", 1, 2, NODE, 1, 5),
                row("the fullest node that fits: node 9 has 4 free", "take 5 6; take 9 4", 1, 3, NODE, 2, 9),
                row("the fullest node that fits, exactly", "take 5 6; take 9 4", 1, 4, NODE, 2, 9),
                row("a whole node is the first free one", "take 5 6; take 9 4", 1, 5, NODE, 0, 0),
                row("the first node that is not full", "take 0 1", 1, 8, NODE, 0, 1),
                none("wider than a node", "", 1, 9, NODE),
                none("every node has less than asked", "take 0-15 4", 1, 5, NODE),
                row("a one-node gang with topology block is a node gang", "take 5 4", 1, 4, BLOCK, 1, 5),
                row("a one-node gang with topology cluster is a node gang", "take 5 4", 1, 4, CLUSTER, 1, 5),
                row("down nodes hold nothing", "down 0-3", 1, 1, NODE, 1, 4),
                // block
                row("block gang on a fresh pool", "", 4, 8, BLOCK, 0, 0, 1, 2, 3),
                row("best block is the fullest that holds the gang: block 1 has 2 free nodes",
                        "take 0 8; take 4-5 8", 2, 8, BLOCK, 1, 6, 7),
                row("best block is the fullest that holds the gang: block 0 has 3",
                        "take 0 8; take 4-5 8", 3, 8, BLOCK, 0, 1, 2, 3),
                row("best block is the fullest that holds the gang: only the empty ones hold 4",
                        "take 0 8; take 4-5 8", 4, 8, BLOCK, 2, 8, 9, 10, 11),
                row("a half-used block takes a gang of half nodes", "take 0-3 4", 2, 4, BLOCK, 0, 0, 1),
                row("inside the block, the fullest nodes first", "take 0 8; take 1 4", 2, 4, BLOCK, 0, 1, 2),
                none("a gang never spans blocks: 4 free nodes, 2 in block 0 and 2 in block 1", twoHalves, 4, 8, BLOCK),
                row("a gang that fits in one block stays there", twoHalves, 2, 8, BLOCK, 0, 0, 1),
                none("fragmented: 12 free nodes, but no block has 4", fragmented, 4, 8, BLOCK),
                row("fragmented: 3 nodes fit in the first block", fragmented, 3, 8, BLOCK, 0, 1, 2, 3),
                none("fragmented by partial use: every node has 7 free", "take 0-15 1", 2, 8, BLOCK),
                none("larger than a block", "", 5, 8, BLOCK),
                row("down nodes hold nothing: block 0 is down", "down 0-3", 4, 8, BLOCK, 1, 4, 5, 6, 7),
                new Row("the last, smaller block is the fullest that holds 2", 10, 4, "", 2, 8, BLOCK,
                        new int[] {8, 9}, 2),
                new Row("the last, smaller block when the others are full", 10, 4, "take 0-7 8", 2, 8, BLOCK,
                        new int[] {8, 9}, 2),
                new Row("the last block holds only 2", 10, 4, "take 0-7 8", 3, 8, BLOCK, null, -1),
                // cluster
                row("cluster gang on a fresh pool: the first block", "", 4, 8, CLUSTER, -1, 0, 1, 2, 3),
                row("cluster gang across blocks when no block holds it", twoHalves, 4, 8, CLUSTER, -1, 0, 1, 6, 7),
                row("cluster: the fullest blocks first (block 0 has 2 free nodes, block 1 has 3)",
                        "take 0-1 8; take 4 8", 4, 8, CLUSTER, -1, 2, 3, 5, 6),
                row("cluster: the fullest blocks first, then the next", "take 0-1 8; take 4 8", 6, 8, CLUSTER, -1,
                        2, 3, 5, 6, 7, 8),
                row("cluster: inside a block, the fullest nodes first", "take 0-1 8; take 2 4", 3, 4, CLUSTER, -1,
                        2, 3, 4),
                row("cluster: fragmented, every free node", fragmented, 12, 8, CLUSTER, -1,
                        1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15),
                none("cluster: fragmented, one node more than is free", fragmented, 13, 8, CLUSTER),
                none("cluster: fragmented by partial use", "take 0-15 1", 2, 8, CLUSTER),
                row("cluster: fragmented by partial use, 7 per node fits everywhere", "take 0-15 1", 16, 7, CLUSTER, -1,
                        IntStream.range(0, 16).toArray()),
                new Row("cluster: the last, smaller block", 10, 4, "take 0-7 8", 2, 8, CLUSTER, new int[] {8, 9}, -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void fitsAndSelect(Row row) {
        PoolState pool = apply(pool(row.poolNodes(), row.blockNodes()), row.setup());
        long free = pool.freeGpus();
        boolean fits = Gangs.fits(pool, row.nodes(), row.perNode(), row.topology());
        Selection s = Gangs.select(pool, row.nodes(), row.perNode(), row.topology());
        assertThat(pool.freeGpus()).as("fits and select take nothing").isEqualTo(free);
        if (row.expected() == null) {
            assertThat(fits).as("fits").isFalse();
            assertThat(s).as("selection").isNull();
            return;
        }
        assertThat(fits).as("fits").isTrue();
        assertThat(s).as("selection").isNotNull();
        assertThat(s.nodes()).as("nodes").containsExactly(row.expected());
        assertThat(s.block()).as("block").isEqualTo(row.block());
        assertThat(s.gpusPerNode()).isEqualTo(row.perNode());
        assertThat(s.gpus()).isEqualTo(row.nodes() * row.perNode());
        assertThat(s.pool()).isSameAs(pool);
        s.take();
        assertThat(pool.freeGpus()).isEqualTo(free - s.gpus());
        s.give();
        assertThat(pool.freeGpus()).isEqualTo(free);
    }

    @Test
    void selectionEqualityAndText() {
        PoolState pool = apply(pool(16, 4), "take 0 8; take 4-5 8");
        Selection block = Gangs.select(pool, 2, 8, BLOCK);
        assertThat(block).isEqualTo(new Selection(pool, 1, new int[] {6, 7}, 8));
        assertThat(block).hasSameHashCodeAs(new Selection(pool, 1, new int[] {6, 7}, 8));
        assertThat(block).isNotEqualTo(new Selection(pool, 1, new int[] {6, 7}, 4));
        assertThat(block).isNotEqualTo(new Selection(pool, -1, new int[] {6, 7}, 8));
        assertThat(block).hasToString("dc/pool block 1 nodes [6, 7] x8");
        // Fullest block first: block 1 (2 free nodes) then one node of block 0 (3), though block 0 alone held 3.
        assertThat(Gangs.select(pool, 3, 8, CLUSTER)).hasToString("dc/pool nodes [1, 6, 7] x8");
    }

    // Random states against brute force

    /** Nodes (up) of a block with at least {@code perNode} free, by brute force. */
    static int count(PoolState pool, int from, int to, int perNode) {
        int c = 0;
        for (int n = from; n < Math.min(to, pool.nodes()); n++) {
            if (!pool.isDown(n) && pool.free(n) >= perNode) {
                c++;
            }
        }
        return c;
    }

    static LongStream seeds() {
        return LongStream.of(11, 12, 13, 14, 15);
    }

    /**
     * Random pools (10 to 24 nodes, blocks of 2 to 6, some of their GPUs taken, some nodes down) and 2,000 random
     * gangs: fits agrees with brute force, a selection is valid and best fit, and taking it then giving it back
     * leaves the pool as it was.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void selectionsAgreeWithBruteForce(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int fitted = 0;
        int refused = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            int nodes = random.nextInt(10, 25);
            int blockNodes = random.nextInt(2, 7);
            PoolState pool = pool(nodes, blockNodes);
            for (int n = 0; n < nodes; n++) {
                int r = random.nextInt(10);
                if (r == 0) {
                    pool.setDown(n, true);
                } else if (r < 6) {
                    pool.take(n, random.nextInt(1, 9));
                }
            }
            Topology topology = Topology.values()[random.nextInt(3)];
            int gangNodes = topology == NODE ? 1 : random.nextInt(1, 8);
            int perNode = random.nextInt(1, 9);
            String at = "trial " + trial + ": " + gangNodes + " x " + perNode + " " + topology + " in " + nodes
                    + " nodes, blocks of " + blockNodes + ", free " + freeList(pool);

            Topology effective = gangNodes == 1 ? NODE : topology;
            int blocks = (nodes + blockNodes - 1) / blockNodes;
            int bestBlock = -1;
            int bestCount = Integer.MAX_VALUE;
            for (int b = 0; b < blocks; b++) {
                int c = count(pool, b * blockNodes, (b + 1) * blockNodes, perNode);
                if (c >= gangNodes && c < bestCount) {
                    bestBlock = b;
                    bestCount = c;
                }
            }
            boolean bruteFits = switch (effective) {
                case NODE -> count(pool, 0, nodes, perNode) >= 1;
                case BLOCK -> bestBlock >= 0;
                case CLUSTER -> count(pool, 0, nodes, perNode) >= gangNodes;
            };
            assertThat(Gangs.fits(pool, gangNodes, perNode, topology)).as(at).isEqualTo(bruteFits);
            Selection s = Gangs.select(pool, gangNodes, perNode, topology);
            if (!bruteFits) {
                assertThat(s).as(at).isNull();
                refused++;
                continue;
            }
            fitted++;
            assertThat(s).as(at).isNotNull();
            int[] picked = s.nodes();
            assertThat(picked).as(at).hasSize(gangNodes).isSorted().doesNotHaveDuplicates();
            for (int n : picked) {
                assertThat(pool.isDown(n)).as(at).isFalse();
                assertThat(pool.free(n)).as(at).isGreaterThanOrEqualTo(perNode);
            }
            switch (effective) {
                case NODE -> {
                    // best fit: no node (up) with fewer free GPUs that still fits
                    int mine = pool.free(picked[0]);
                    assertThat(count(pool, 0, nodes, perNode) - count(pool, 0, nodes, mine)).as(at).isZero();
                    assertThat(s.block()).as(at).isEqualTo(picked[0] / blockNodes);
                }
                case BLOCK -> {
                    assertThat(s.block()).as(at + " the fullest block that holds it").isEqualTo(bestBlock);
                    for (int n : picked) {
                        assertThat(n / blockNodes).as(at).isEqualTo(bestBlock);
                    }
                    assertFullestNodes(pool, picked, bestBlock * blockNodes, (bestBlock + 1) * blockNodes, perNode, at);
                }
                case CLUSTER -> assertThat(s.block()).as(at).isEqualTo(-1);
            }
            String before = freeList(pool);
            long free = pool.freeGpus();
            s.take();
            assertThat(pool.freeGpus()).as(at).isEqualTo(free - (long) gangNodes * perNode);
            assertThat(pool.nodesWithFree(0)).as(at).isEqualTo(count(pool, 0, nodes, 0));
            s.give();
            assertThat(freeList(pool)).as(at).isEqualTo(before);
            assertThat(pool.freeGpus()).as(at).isEqualTo(free);
        }
        assertThat(fitted).isGreaterThan(200);
        assertThat(refused).isGreaterThan(200);
    }

    @Test
    void aGangThatDidNotFitFitsAfterFreeingExactlyWhenFitsSaysSo() {
        SplittableRandom random = new SplittableRandom(7);
        int checked = 0;
        int fitted = 0;
        for (int round = 0; round < 5_000; round++) {
            PoolState pool = pool(12, 4);
            for (int n = 0; n < pool.nodes(); n++) {
                pool.take(n, random.nextInt(9));
                if (random.nextInt(10) == 0) {
                    pool.setDown(n, true);
                }
            }
            int nodes = 1 + random.nextInt(4);
            int perNode = 1 + random.nextInt(8);
            Topology topology = Topology.values()[random.nextInt(Topology.values().length)];
            // Some running work's nodes, chosen among those with GPUs taken: the GPUs it gives back.
            int[] held = IntStream.range(0, pool.nodes()).filter(n -> pool.free(n) < 8 && random.nextBoolean()).limit(3).toArray();
            if (held.length == 0 || Gangs.fits(pool, nodes, perNode, topology)) {
                continue;
            }
            int gpus = Arrays.stream(held).map(n -> 8 - pool.free(n)).min().getAsInt();
            Selection freed = new Selection(pool, -1, held, gpus);
            freed.give();
            boolean fits = Gangs.fits(pool, nodes, perNode, topology);
            assertThat(Gangs.fitsAfterFreeing(pool, nodes, perNode, topology, List.of(freed)))
                    .as("round %d: %d x %d %s after freeing %s", round, nodes, perNode, topology, freeList(pool)).isEqualTo(fits);
            checked++;
            fitted += fits ? 1 : 0;
        }
        assertThat(checked).isGreaterThan(500);
        assertThat(fitted).isGreaterThan(50);
    }

    @Test
    void aGangCouldEverFitExactlyWhenItFitsOnceEveryUpNodeIsFree() {
        SplittableRandom random = new SplittableRandom(11);
        int could = 0;
        int couldNot = 0;
        for (int round = 0; round < 5_000; round++) {
            int nodes = 1 + random.nextInt(12);
            int blockNodes = 1 + random.nextInt(Math.min(6, nodes));
            PoolState busy = pool(nodes, blockNodes);
            PoolState empty = pool(nodes, blockNodes);
            for (int n = 0; n < nodes; n++) {
                busy.take(n, random.nextInt(9));
                if (random.nextInt(4) == 0) {
                    busy.setDown(n, true);
                    empty.setDown(n, true);
                }
            }
            int gangNodes = 1 + random.nextInt(6);
            int perNode = 1 + random.nextInt(9);
            Topology topology = Topology.values()[random.nextInt(Topology.values().length)];
            boolean expected = Gangs.fits(empty, gangNodes, perNode, topology);
            assertThat(Gangs.couldEverFit(busy, gangNodes, perNode, topology))
                    .as("round %d: %d x %d %s in %s", round, gangNodes, perNode, topology, freeList(busy)).isEqualTo(expected);
            could += expected ? 1 : 0;
            couldNot += expected ? 0 : 1;
        }
        assertThat(could).isGreaterThan(500);
        assertThat(couldNot).isGreaterThan(500);
    }

    /** The picked nodes have the fewest free GPUs among the nodes in [from, to) that hold {@code perNode}. */
    static void assertFullestNodes(PoolState pool, int[] picked, int from, int to, int perNode, String at) {
        List<Integer> candidates = new ArrayList<>();
        for (int n = from; n < Math.min(to, pool.nodes()); n++) {
            if (!pool.isDown(n) && pool.free(n) >= perNode) {
                candidates.add(pool.free(n));
            }
        }
        candidates.sort(null);
        List<Integer> mine = Arrays.stream(picked).map(pool::free).sorted().boxed().toList();
        assertThat(mine).as(at + " the fullest nodes of the block").isEqualTo(candidates.subList(0, picked.length));
    }

    static String freeList(PoolState pool) {
        StringBuilder sb = new StringBuilder("[");
        for (int n = 0; n < pool.nodes(); n++) {
            sb.append(n == 0 ? "" : " ").append(pool.isDown(n) ? "x" : String.valueOf(pool.free(n)));
        }
        return sb.append("]").toString();
    }
}
