package dev.quartermaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.engine.capacity.PoolState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EndingsTest {

    private static long arrivals;

    private static Job endingAt(long millis) {
        Job job = new Job("j" + arrivals, TestWorkloads.workload("w").build(), arrivals++, 0, new PoolState[0]);
        job.expectedEndMillis = millis;
        return job;
    }

    private static List<Job> walk(Endings endings) {
        List<Job> order = new ArrayList<>();
        endings.forEach(order::add);
        return order;
    }

    @Test
    void walksSoonestFirstThenByArrivalAcrossBuckets() {
        Endings endings = new Endings();
        Job late = endingAt(10L << 22);
        Job soonSecond = endingAt(5);
        Job soonFirst = endingAt(5);
        Job middle = endingAt((3L << 22) + 7);
        // arrival order: late, soonSecond, soonFirst, middle; equal ends go by arrival
        for (Job job : List.of(middle, soonFirst, late, soonSecond)) {
            endings.add(job, new int[] {1});
        }
        assertThat(walk(endings)).containsExactly(soonSecond, soonFirst, middle, late);
        assertThat(endings.size()).isEqualTo(4);
    }

    @Test
    void removesOnlyWhatItHolds() {
        Endings endings = new Endings();
        Job a = endingAt(100);
        Job b = endingAt(200);
        endings.add(a, new int[] {1});
        assertThat(endings.remove(b, new int[] {1})).isFalse();
        assertThat(endings.remove(a, new int[] {1})).isTrue();
        assertThat(endings.remove(a, new int[] {1})).isFalse();
        assertThat(walk(endings)).isEmpty();
        assertThat(endings.size()).isZero();
    }

    @Test
    void refusesAJobItHoldsAlready() {
        Endings endings = new Endings();
        Job a = endingAt(100);
        endings.add(a, new int[] {1});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> endings.add(a, new int[] {1}))
                .isInstanceOf(IllegalStateException.class);
        assertThat(walk(endings)).containsExactly(a);
        assertThat(endings.size()).isEqualTo(1);
    }

    @Test
    void agreesWithASortedSetUnderRandomAddsAndRemoves() {
        SplittableRandom random = new SplittableRandom(7);
        Endings endings = new Endings();
        TreeSet<Job> reference = new TreeSet<>((x, y) -> x.expectedEndMillis != y.expectedEndMillis
                ? Long.compare(x.expectedEndMillis, y.expectedEndMillis) : Long.compare(x.arrival, y.arrival));
        List<Job> live = new ArrayList<>();
        java.util.Map<Job, Integer> gpus = new java.util.IdentityHashMap<>();
        java.util.Map<Job, int[]> byBlock = new java.util.IdentityHashMap<>();
        for (int step = 0; step < 20_000; step++) {
            if (live.isEmpty() || random.nextInt(3) > 0) {
                // Half of them on a few shared moments: ends that tie go by arrival.
                Job job = endingAt(random.nextBoolean() ? random.nextLong(48L << 22) : random.nextInt(8) * 1_000_000L);
                gpus.put(job, 1 + random.nextInt(64));
                byBlock.put(job, new int[1 + random.nextInt(3)]);
                byBlock.get(job)[random.nextInt(byBlock.get(job).length)] = gpus.get(job);
                endings.add(job, byBlock.get(job));
                reference.add(job);
                live.add(job);
            } else {
                Job job = live.remove(random.nextInt(live.size()));
                assertThat(endings.remove(job, byBlock.get(job))).isTrue();
                reference.remove(job);
            }
            if (step % 1_000 == 0) {
                assertThat(walk(endings)).containsExactlyElementsOf(reference);
                long need = 1 + random.nextLong(64L * live.size() + 64);
                assertThat(endings.earliestFreeing(need)).as("freeing %d GPUs", need).isEqualTo(freeing(reference, gpus, need));
                long gang = 1 + random.nextLong(200);
                long[] free = {random.nextLong(gang + 1), random.nextLong(gang + 1), random.nextLong(gang + 1)};
                boolean[] mayHold = {random.nextBoolean(), random.nextBoolean(), true};
                assertThat(endings.earliestFreeingInABlock(gang, free, mayHold)).as("freeing %d GPUs in a block", gang)
                        .isEqualTo(freeingInABlock(reference, byBlock, gang, free, mayHold));
            }
        }
        assertThat(walk(endings)).containsExactlyElementsOf(reference);
        assertThat(endings.earliestFreeing(0)).isEqualTo(Long.MIN_VALUE);
    }

    /** The same for one block: the first job by whose end some block that may hold the gang has its GPUs. */
    private static long freeingInABlock(TreeSet<Job> soonestFirst, java.util.Map<Job, int[]> byBlock, long gang, long[] free,
            boolean[] mayHold) {
        long[] freed = new long[free.length];
        for (int b = 0; b < free.length; b++) {
            if (mayHold[b] && free[b] >= gang) {
                return Long.MIN_VALUE;
            }
        }
        for (Job job : soonestFirst) {
            int[] gpus = byBlock.get(job);
            for (int b = 0; b < gpus.length; b++) {
                freed[b] += gpus[b];
                if (mayHold[b] && free[b] + freed[b] >= gang) {
                    return job.expectedEndMillis >> 22 << 22;
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /** The start of the hour-long bucket of the first job by whose end the jobs ended so far hold {@code need} GPUs. */
    private static long freeing(TreeSet<Job> soonestFirst, java.util.Map<Job, Integer> gpus, long need) {
        long freed = 0;
        for (Job job : soonestFirst) {
            freed += gpus.get(job);
            if (freed >= need) {
                return job.expectedEndMillis >> 22 << 22;
            }
        }
        return Long.MAX_VALUE;
    }
}
