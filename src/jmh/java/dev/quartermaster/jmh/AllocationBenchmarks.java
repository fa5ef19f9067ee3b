package dev.quartermaster.jmh;

import dev.quartermaster.engine.allocation.MaxMinAllocation;
import dev.quartermaster.engine.allocation.MaxMinAllocation.JobClass;
import java.util.ArrayList;
import java.util.List;
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
 * The heterogeneity-aware max-min LP (Gavel's, solved by ojAlgo) that the hetero policy solves each cycle, over
 * {@code classes} random job classes and the 4 accelerator types of ScaleScenario (H100, H200, B200, MI300X).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AllocationBenchmarks {

    /** Relative speeds of H100, H200, B200, MI300X, as ScaleScenario's fleet has them. */
    static final double[] SPEED = {1.0, 1.3, 2.2, 1.2};
    static final int[] GPUS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    @Param({"20", "200"})
    int classes;

    @Param({"1"})
    long seed;

    List<JobClass> jobClasses;
    double[] capacity;

    /**
     * Classes of 1 to 40 jobs of 1 to 256 GPUs, each with its own speed-up per type around the fleet's (a quarter run
     * only on CUDA, so not on MI300X); capacity is 60% of the demand, spread over the types, so that it binds.
     */
    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom random = new SplittableRandom(seed);
        jobClasses = new ArrayList<>(classes);
        double demand = 0;
        for (int c = 0; c < classes; c++) {
            int count = 1 + random.nextInt(40);
            int gpus = GPUS[random.nextInt(GPUS.length)];
            double[] throughput = new double[SPEED.length];
            for (int a = 0; a < SPEED.length; a++) {
                throughput[a] = SPEED[a] * (0.5 + random.nextDouble());
            }
            if (random.nextInt(4) == 0) {
                throughput[3] = 0;
            }
            jobClasses.add(new JobClass(count, gpus, throughput));
            demand += (double) count * gpus;
        }
        double[] weight = {0.35, 0.3, 0.15, 0.2};
        capacity = new double[SPEED.length];
        for (int a = 0; a < SPEED.length; a++) {
            capacity[a] = Math.max(256, Math.floor(demand * 0.6 * weight[a]));
        }
        MaxMinAllocation.Result r = MaxMinAllocation.solve(jobClasses, capacity);
        if (!(r.fairness() > 0 && r.fairness() < 1)) {
            throw new IllegalStateException("fairness " + r.fairness() + ": capacity does not bind, the LP is trivial");
        }
    }

    @Benchmark
    public MaxMinAllocation.Result maxMin() {
        return MaxMinAllocation.solve(jobClasses, capacity);
    }
}
