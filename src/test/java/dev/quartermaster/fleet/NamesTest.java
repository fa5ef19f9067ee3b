package dev.quartermaster.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void aCopiedMapKeepsTheOrderAndIsNotChangedByItsSource() {
        Map<String, Double> source = new LinkedHashMap<>();
        source.put("B200", 2.2);
        source.put("H100", 1.0);
        Map<String, Double> copy = Names.copy("accelerators", source);
        source.put("MI300X", 1.2);
        source.remove("B200");

        assertThat(copy.keySet()).containsExactly("B200", "H100");
        assertThat(copy.get("B200")).isEqualTo(2.2);
        assertThat(copy.getOrDefault("MI300X", 0.0)).isZero();
        assertThat(copy).isEqualTo(Map.of("B200", 2.2, "H100", 1.0)).hasSameHashCodeAs(Map.of("B200", 2.2, "H100", 1.0));
        assertThatThrownBy(() -> copy.put("H200", 1.3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue(9.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aCopyIsNotCopiedAgain() {
        Map<String, Double> copy = Names.copy("accelerators", Map.of("H100", 1.0));

        assertThat(Names.copy("accelerators", copy)).isSameAs(copy);
        assertThat(Names.copy("accelerators", Map.copyOf(copy))).isNotSameAs(copy).isEqualTo(copy);
    }

    @Test
    void aMissingMapOrListNamesItsField() {
        assertThatThrownBy(() -> Names.copy("quota", (Map<String, Quota>) null)).hasMessageContaining("quota");
        assertThatThrownBy(() -> Names.copy("regions", (List<String>) null)).hasMessageContaining("regions");
    }
}
