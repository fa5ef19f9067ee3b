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
            endings.add(job, 1);
        }
        assertThat(walk(endings)).containsExactly(soonSecond, soonFirst, middle, late);
        assertThat(endings.size()).isEqualTo(4);
    }

    @Test
    void removesOnlyWhatItHolds() {
        Endings endings = new Endings();
        Job a = endingAt(100);
        Job b = endingAt(200);
        endings.add(a, 1);
        assertThat(endings.remove(b, 1)).isFalse();
        assertThat(endings.remove(a, 1)).isTrue();
        assertThat(endings.remove(a, 1)).isFalse();
        assertThat(walk(endings)).isEmpty();
        assertThat(endings.size()).isZero();
    }

    @Test
    void agreesWithASortedSetUnderRandomAddsAndRemoves() {
        SplittableRandom random = new SplittableRandom(7);
        Endings endings = new Endings();
        TreeSet<Job> reference = new TreeSet<>((x, y) -> x.expectedEndMillis != y.expectedEndMillis
                ? Long.compare(x.expectedEndMillis, y.expectedEndMillis) : Long.compare(x.arrival, y.arrival));
        List<Job> live = new ArrayList<>();
        java.util.Map<Job, Integer> gpus = new java.util.IdentityHashMap<>();
        for (int step = 0; step < 20_000; step++) {
            if (live.isEmpty() || random.nextInt(3) > 0) {
                Job job = endingAt(random.nextLong(48L << 22));
                gpus.put(job, 1 + random.nextInt(64));
                endings.add(job, gpus.get(job));
                reference.add(job);
                live.add(job);
            } else {
                Job job = live.remove(random.nextInt(live.size()));
                assertThat(endings.remove(job, gpus.get(job))).isTrue();
                reference.remove(job);
            }
            if (step % 1_000 == 0) {
                assertThat(walk(endings)).containsExactlyElementsOf(reference);
                long need = 1 + random.nextLong(64L * live.size() + 64);
                assertThat(endings.earliestFreeing(need)).as("freeing %d GPUs", need).isEqualTo(freeing(reference, gpus, need));
            }
        }
        assertThat(walk(endings)).containsExactlyElementsOf(reference);
        assertThat(endings.earliestFreeing(0)).isEqualTo(Long.MIN_VALUE);
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
