package dev.quartermaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link PriorityTally} against a TreeMap doing the same, over random adds and removals. */
class PriorityTallyTest {

    @Test
    void agreesWithASortedMapOverRandomChanges() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            PriorityTally tally = new PriorityTally();
            TreeMap<Integer, Long> reference = new TreeMap<>();
            for (int step = 0; step < 300; step++) {
                int priority = 100 * random.nextInt(-3, 12);
                long current = reference.getOrDefault(priority, 0L);
                // Mostly additions; a removal takes back at most what is there, as running work gives back its GPUs.
                long amount = current > 0 && random.nextBoolean() ? -1 - random.nextLong(current) : 1 + random.nextInt(16);
                tally.add(priority, amount);
                reference.merge(priority, amount, (a, b) -> a + b == 0 ? null : a + b);
                assertThat(tally.isEmpty()).isEqualTo(reference.isEmpty());
                if (!reference.isEmpty()) {
                    assertThat(tally.lowest()).isEqualTo(reference.firstKey());
                    assertThat(tally.highest()).isEqualTo(reference.lastKey());
                }
                int probe = 100 * random.nextInt(-4, 13) + random.nextInt(-1, 2);
                assertThat(tally.below(probe)).isEqualTo(reference.headMap(probe, false).values().stream()
                        .mapToLong(Long::longValue).sum());
                assertThat(tally.below(priority + 1) - tally.below(priority)).isEqualTo(reference.getOrDefault(priority, 0L));
            }
        }
    }
}
