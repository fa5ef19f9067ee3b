package dev.quartermaster.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolRefTest {

    /** A record of the same two fields: PoolRef's written-out equality and hash must be what a record's would be. */
    private record AsRecord(String cluster, String pool) {}

    @Test
    void equalityAndHashAreARecordsOfClusterAndPool() {
        PoolRef ref = new PoolRef("ai-cloud-eu-north", "b200");
        assertThat(ref).isEqualTo(PoolRef.parse("pool", "ai-cloud-eu-north/b200")).isEqualTo(ref)
                .isNotEqualTo(new PoolRef("ai-cloud-eu-north", "h100")).isNotEqualTo(new PoolRef("ai-cloud-us", "b200"))
                .isNotEqualTo(null).isNotEqualTo("ai-cloud-eu-north/b200");
        for (String cluster : new String[] {"a", "own-dc", "ai-cloud-eu-north", "x1"}) {
            for (String pool : new String[] {"b", "h100", "b200-spot"}) {
                assertThat(new PoolRef(cluster, pool).hashCode()).isEqualTo(new AsRecord(cluster, pool).hashCode());
            }
        }
        Map<PoolRef, Integer> map = new HashMap<>();
        map.put(new PoolRef("own-dc", "h100"), 1);
        assertThat(map.get(PoolRef.parse("pool", "own-dc/h100"))).isEqualTo(1);
        assertThat(ref).hasToString("ai-cloud-eu-north/b200");
        assertThatThrownBy(() -> PoolRef.parse("pool", "no-slash")).hasMessageContaining("cluster/pool");
    }
}
