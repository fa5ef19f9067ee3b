package dev.quartermaster.engine.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.engine.allocation.MaxMinAllocation.JobClass;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaxMinAllocationTest {

    /**
     * Two 1-GPU jobs on one V100 and one K80. A runs 4x faster on the V100, B only 2x. Giving A the V100 a share p of
     * the time and B the rest (and the K80 the other way round), A gets 0.25 + 0.75p of its best and B 1 - 0.5p; they
     * meet at p = 0.6, where both get 0.7. An equal split (p = 0.5) would leave A at 0.625.
     */
    @Test
    void givesTheFastTypeToTheJobThatGainsMostFromIt() {
        List<JobClass> jobs = List.of(new JobClass(1, 1, new double[] {4, 1}), new JobClass(1, 1, new double[] {2, 1}));
        MaxMinAllocation.Result r = MaxMinAllocation.solve(jobs, new double[] {1, 1});
        assertThat(r.fairness()).isCloseTo(0.7, within(1e-6));
        assertThat(r.share()[0][0]).isCloseTo(0.6, within(1e-4));
        assertThat(r.share()[1][0]).isCloseTo(0.4, within(1e-4));
        assertThat(r.normalizedThroughput(jobs.get(0), 0)).isCloseTo(0.7, within(1e-6));
        assertThat(r.normalizedThroughput(jobs.get(1), 1)).isCloseTo(0.7, within(1e-6));
    }

    @Test
    void aJobThatCannotRunAnywhereGetsNothingAndDoesNotDragTheOthersDown() {
        List<JobClass> jobs = List.of(new JobClass(1, 1, new double[] {1, 0}), new JobClass(1, 16, new double[] {1, 1}));
        MaxMinAllocation.Result r = MaxMinAllocation.solve(jobs, new double[] {1, 1});
        assertThat(r.fairness()).isCloseTo(1.0, within(1e-6));
        assertThat(r.share()[1]).containsExactly(0, 0);
    }

    @Test
    void capacityIsNeverExceeded() {
        List<JobClass> jobs = List.of(new JobClass(10, 8, new double[] {2.2, 1.0}), new JobClass(30, 1, new double[] {1.1, 1.0}));
        double[] capacity = {16, 64};
        MaxMinAllocation.Result r = MaxMinAllocation.solve(jobs, capacity);
        for (int a = 0; a < capacity.length; a++) {
            double used = 0;
            for (int c = 0; c < jobs.size(); c++) {
                used += jobs.get(c).count() * jobs.get(c).gpus() * r.share()[c][a];
            }
            assertThat(used).isLessThanOrEqualTo(capacity[a] + 1e-6);
        }
        // 144 GPUs of demand on 80 GPUs: nobody can get all of its best.
        assertThat(r.fairness()).isBetween(0.0, 1.0).isLessThan(1.0);
    }

    /** Grouping identical jobs into one class loses nothing: the optimum equals the LP with one class per job. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void classesGiveTheSameOptimumAsOneVariableSetPerJob(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int types = 3;
        List<JobClass> grouped = new ArrayList<>();
        List<JobClass> single = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            double[] throughput = new double[types];
            for (int a = 0; a < types; a++) {
                throughput[a] = random.nextInt(5) == 0 ? 0 : 0.5 + random.nextDouble() * 3;
            }
            throughput[random.nextInt(types)] = 1 + random.nextDouble();
            int count = 1 + random.nextInt(4);
            int gpus = 1 << random.nextInt(3);
            grouped.add(new JobClass(count, gpus, throughput));
            for (int i = 0; i < count; i++) {
                single.add(new JobClass(1, gpus, throughput));
            }
        }
        double[] capacity = {4 + random.nextInt(8), 4 + random.nextInt(8), 4 + random.nextInt(8)};
        double classes = MaxMinAllocation.solve(grouped, capacity).fairness();
        double jobs = MaxMinAllocation.solve(single, capacity).fairness();
        assertThat(classes).isCloseTo(jobs, within(1e-6));
    }
}
