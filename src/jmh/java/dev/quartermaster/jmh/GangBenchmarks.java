package dev.quartermaster.jmh;

import dev.quartermaster.engine.capacity.Gangs;
import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.capacity.Selection;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.workload.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gang selection ({@link Gangs#select}) in one pool of 2,304 nodes of 8 GPUs in blocks of 512 (4 full blocks and one
 * of 256), fragmented at random: half the nodes free, a quarter full, a quarter partly used. Select takes nothing, so
 * the pool is the same for every call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GangBenchmarks {

    static final int NODES = 2_304;
    static final int BLOCK_NODES = 512;
    static final int GPUS_PER_NODE = 8;

    @Param({"1"})
    long seed;

    PoolState pool;

    @Setup(Level.Trial)
    public void setup() {
        NodePool nodePool = new NodePool("main", "H100", NODES, false, GPUS_PER_NODE, BLOCK_NODES, 1.0, Duration.ZERO, null);
        Cluster cluster = new Cluster("dc", "us-west", List.of(nodePool));
        Provider provider = new Provider("own", Tier.IN_HOUSE, Set.of(), List.of(cluster), List.of());
        pool = new PoolState(0, new Fleet.Site(provider, cluster, nodePool));
        SplittableRandom random = new SplittableRandom(seed);
        for (int node = 0; node < NODES; node++) {
            int roll = random.nextInt(4);
            if (roll == 0) {
                pool.take(node, GPUS_PER_NODE);
            } else if (roll == 1) {
                pool.take(node, 1 + random.nextInt(GPUS_PER_NODE - 1));
            }
        }
        for (Selection s : new Selection[] {nodeGang(), blockGang(), clusterGang()}) {
            if (s == null) {
                throw new IllegalStateException("a gang does not fit the fragmented pool; the benchmark would measure a miss");
            }
        }
    }

    /** One node, 4 of its GPUs: best fit from the per-level index. */
    @Benchmark
    public Selection nodeGang() {
        return Gangs.select(pool, 1, 4, Topology.NODE);
    }

    /** 128 whole nodes inside one block: the fullest block that holds them, then its fullest nodes. */
    @Benchmark
    public Selection blockGang() {
        return Gangs.select(pool, 128, GPUS_PER_NODE, Topology.BLOCK);
    }

    /** 768 whole nodes (a block and a half) anywhere in the pool, from the fewest blocks. */
    @Benchmark
    public Selection clusterGang() {
        return Gangs.select(pool, 768, GPUS_PER_NODE, Topology.CLUSTER);
    }
}
