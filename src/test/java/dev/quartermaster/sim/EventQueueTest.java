package dev.quartermaster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    record Entry(long at, int order) {}

    /** Against a PriorityQueue ordered by (time, order scheduled), under random interleavings of adds and polls. */
    @Test
    void popsEarliestFirstAndTiesInTheOrderScheduled() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 50; round++) {
            EventQueue<Entry> queue = new EventQueue<>();
            PriorityQueue<Entry> reference = new PriorityQueue<>(Comparator.comparingLong(Entry::at).thenComparingInt(Entry::order));
            List<Entry> popped = new ArrayList<>();
            List<Entry> expected = new ArrayList<>();
            int order = 0;
            long now = 0;
            for (int step = 0; step < 5000; step++) {
                if (random.nextInt(3) > 0 || queue.isEmpty()) {
                    // Few distinct times, so that many happenings share a millisecond.
                    Entry e = new Entry(now + random.nextInt(20), order++);
                    assertThat(queue.add(e.at(), e)).as("its sequence number").isEqualTo(e.order());
                    reference.add(e);
                } else {
                    Entry e = queue.poll();
                    assertThat(queue.polledAt()).isEqualTo(e.at());
                    assertThat(queue.polledSeq()).isEqualTo(e.order());
                    popped.add(e);
                    expected.add(reference.poll());
                    now = e.at();
                }
                assertThat(queue.size()).isEqualTo(reference.size());
            }
            while (!queue.isEmpty()) {
                popped.add(queue.poll());
                expected.add(reference.poll());
            }
            assertThat(popped).isEqualTo(expected);
        }
    }

    @Test
    void anEmptyQueueSaysSo() {
        EventQueue<String> queue = new EventQueue<>();
        assertThat(queue.isEmpty()).isTrue();
        assertThatThrownBy(queue::poll).isInstanceOf(NoSuchElementException.class);
    }
}
