package dev.quartermaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.policy.QueueOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ParkedQueueTest {

    private static Job job(long arrival, int priority) {
        return new Job("j" + arrival, TestWorkloads.workload("w" + arrival).priority(priority).build(), arrival, 0,
                new PoolState[0]);
    }

    @Test
    void agreesWithASortedSetUnderRandomParkingWakingAndCancelling() {
        SplittableRandom random = new SplittableRandom(3);
        ParkedQueue queue = new ParkedQueue(QueueOrder.BY_PRIORITY::compare);
        TreeSet<Job> reference = new TreeSet<>(QueueOrder.BY_PRIORITY::compare);
        List<Job> parked = new ArrayList<>();
        long arrivals = 0;
        for (int step = 0; step < 50_000; step++) {
            int roll = random.nextInt(10);
            if (parked.isEmpty() || roll < 5) {
                Job job = job(arrivals++, 100 * (1 + random.nextInt(4)));
                queue.add(job);
                reference.add(job);
                parked.add(job);
            } else if (roll < 8) {
                Job first = queue.pollFirst();
                assertThat(first).isSameAs(reference.pollFirst());
                parked.remove(first);
                if (random.nextBoolean()) {   // found no room: parked again at once
                    queue.add(first);
                    reference.add(first);
                    parked.add(first);
                }
            } else {
                Job job = parked.remove(random.nextInt(parked.size()));
                assertThat(queue.remove(job)).isTrue();
                assertThat(queue.remove(job)).isFalse();
                reference.remove(job);
            }
            assertThat(queue.size()).isEqualTo(reference.size());
            assertThat(queue.head()).isSameAs(reference.isEmpty() ? null : reference.first());
        }
        while (!reference.isEmpty()) {
            assertThat(queue.pollFirst()).isSameAs(reference.pollFirst());
        }
        assertThat(queue.head()).isNull();
        assertThat(queue.pollFirst()).isNull();
    }

    @Test
    void aJobIsOnlyTakenOutOfTheQueueItIsIn() {
        ParkedQueue one = new ParkedQueue(QueueOrder.BY_ARRIVAL::compare);
        ParkedQueue other = new ParkedQueue(QueueOrder.BY_ARRIVAL::compare);
        Job a = job(1, 100);
        Job b = job(2, 100);
        one.add(a);
        other.add(b);
        assertThat(other.remove(a)).isFalse();
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.remove(a)).isTrue();
        assertThat(one.head()).isNull();
        assertThat(other.head()).isSameAs(b);
    }
}
