package dev.quartermaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.workload.Workload;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShapeCountsTest {

    @Test
    void countsAndWalksThePresentShapesAsAMapOfCountsWould() {
        Shape.Interned interned = new Shape.Interned();
        PoolState[] none = new PoolState[0];
        List<Shape> shapes = new java.util.ArrayList<>();
        for (int gpus = 1; gpus <= 40; gpus++) {
            Workload w = TestWorkloads.workload("w" + gpus).gpus(8 * gpus).build();
            shapes.add(interned.of(w, none));
        }
        assertThat(shapes.stream().mapToInt(s -> s.id).distinct().count()).isEqualTo(40);
        ShapeCounts counts = new ShapeCounts();
        Map<Shape, Integer> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int step = 0; step < 5_000; step++) {
            Shape shape = shapes.get(random.nextInt(step < 2_500 ? 10 : shapes.size()));
            int n = model.getOrDefault(shape, 0) > 0 && random.nextBoolean() ? -1 : 1 + random.nextInt(2);
            counts.add(shape, n);
            model.merge(shape, n, (a, b) -> a + b == 0 ? null : a + b);
            Set<Shape> present = new HashSet<>();
            for (int i = 0; i < counts.size(); i++) {
                present.add(counts.shape(i));
            }
            assertThat(present).as("step %d", step).hasSize(counts.size()).isEqualTo(model.keySet());
            assertThat(counts.count(shape)).isEqualTo(model.getOrDefault(shape, 0));
        }
        assertThat(model).as("the walk ends with shapes of both kinds").isNotEmpty();
    }
}
