package dev.quartermaster.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.workload.Workload;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedSpeedsTest {

    @Test
    void workloadsWithTheSameSpeedsShareOneMapInTheirOrder() {
        var fleet = Loader.fleet(Path.of("examples/fleet.yaml"));
        String team = fleet.teams().get(0).name();
        Loader.Loaded loaded = Loader.load("w.yaml", """
                - { name: a, team: %1$s, kind: batch, gpus: 1, accelerators: { B200: 2.2, H100: 1.0 }, work: { duration: 1h } }
                - { name: b, team: %1$s, kind: batch, gpus: 1, accelerators: { B200: 2.2, H100: 1.0 }, work: { duration: 1h } }
                - { name: c, team: %1$s, kind: batch, gpus: 1, accelerators: { H100: 1.0, B200: 2.2 }, work: { duration: 1h } }
                """.formatted(team), fleet);
        assertThat(loaded.problems()).isEmpty();
        List<Workload> read = loaded.workloads();
        assertThat(read).hasSize(3);
        assertThat(read.get(1).accelerators()).isSameAs(read.get(0).accelerators());
        assertThat(read.get(2).accelerators()).as("another order is another map").isNotSameAs(read.get(0).accelerators());
        assertThat(read.get(2).accelerators().keySet()).containsExactly("H100", "B200");
        assertThat(read.get(0).team()).as("the fleet's own string").isSameAs(fleet.teams().get(0).name());
    }

    @Test
    void theSharedMapsAreReadOnlyCopies() {
        Map<String, Double> speeds = new LinkedHashMap<>(Map.of("MI300X", 1.2));
        Map<String, Double> shared = SharedSpeeds.of(speeds);
        speeds.put("H100", 1.0);
        assertThat(shared).containsExactly(Map.entry("MI300X", 1.2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> shared.put("H100", 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
