package dev.quartermaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SortedOnDemandTest {

    private record Item(int key, String name) {}

    @Test
    void readsLikeAStableSort() {
        SplittableRandom random = new SplittableRandom(3);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            items.add(new Item(random.nextInt(50), "i" + i));   // many equal keys
        }
        Comparator<Item> byKey = Comparator.comparingInt(Item::key);
        List<Item> stable = new ArrayList<>(items);
        stable.sort(byKey);
        SortedOnDemand<Item> lazy = new SortedOnDemand<>(items, byKey);
        assertThat(lazy.get(0)).isEqualTo(stable.get(0));
        assertThat(lazy.subList(0, 10)).containsExactlyElementsOf(stable.subList(0, 10));
        assertThat(lazy).containsExactlyElementsOf(stable);
        assertThat(lazy).hasSize(2_000);
    }

    @Test
    void refusesIndexesOutsideIt() {
        SortedOnDemand<Item> lazy = new SortedOnDemand<>(List.of(new Item(1, "a")), Comparator.comparingInt(Item::key));
        assertThatThrownBy(() -> lazy.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> lazy.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
