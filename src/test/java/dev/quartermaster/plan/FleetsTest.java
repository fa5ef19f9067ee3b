package dev.quartermaster.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.format.Loader;
import dev.quartermaster.format.PlanReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetsTest {

    @Test
    void theExampleFleetAndTheCatalogPoolsMakeOneFleetWithTheFleetsSpeeds() {
        PlanSpec plan = PlanReader.read(Path.of("examples/plan-catalog.yaml"));
        assertThat(plan.fleets()).containsExactly(Path.of("examples/fleet.yaml").toAbsolutePath(),
                Path.of("examples/catalog-neoclouds.yaml").toAbsolutePath());
        Fleet fleet = Fleets.merge(List.of("a", "b"), plan.fleets().stream().map(Loader::fleet).toList());
        assertThat(fleet.providers()).extracting(p -> p.name())
                .containsExactly("own-dc", "ai-cloud", "hyperscaler-a", "hyperscaler-b", "lambda", "nebius", "verda");
        assertThat(fleet.accelerator("H200").orElseThrow().speed()).isEqualTo(1.3); // the fleet's, not the catalog's 1.0
        assertThat(fleet.teams()).hasSize(5);
    }

    @Test
    void aProviderInTwoDocumentsIsNamed() {
        Fleet one = Loader.fleet(Path.of("examples/fleet.yaml"));
        assertThatThrownBy(() -> Fleets.merge(List.of("x.yaml", "y.yaml"), List.of(one, one)))
                .hasMessageContaining("provider own-dc is in x.yaml and in y.yaml");
    }
}
