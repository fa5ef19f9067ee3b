package dev.quartermaster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quartermaster.format.Loader;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.TestServer;
import dev.quartermaster.workload.Workload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadStoreTest {

    private static final String DOCUMENT = "{name: store-test, team: data-science, kind: batch, gpus: 1, accelerators: [H100], work: {duration: 1h}}";

    private final Store store = TestServer.get().store();

    private static NewWorkload submission(String id, String key) {
        Workload w = Loader.workloads("t.yaml", DOCUMENT, TestServer.get().store().fleets().latest().map(v ->
                Loader.load("fleet.yaml", v.document(), null).fleet()).orElseThrow()).get(0);
        return new NewWorkload(id, w, DOCUMENT, key, "test", Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void aGroupStoresEachNewSubmissionOnceAndMapsRepeatsToTheFirst() {
        String run = Long.toHexString(System.nanoTime());
        Map<String, String> ids = ids(store.workloads().insertAll(List.of(
                submission("a-" + run, "key-" + run), submission("b-" + run, "key-" + run), submission("c-" + run, null))));
        assertThat(ids).containsEntry("a-" + run, "a-" + run).containsEntry("b-" + run, "a-" + run).containsEntry("c-" + run, "c-" + run);
        assertThat(store.workloads().find("b-" + run)).isEmpty();
        assertThat(store.workloads().history("a-" + run)).extracting(Transition::to).containsExactly(Status.PENDING);

        // A later group with the same key maps to the first too; one without a key is always new.
        Map<String, String> again = ids(store.workloads().insertAll(List.of(submission("d-" + run, "key-" + run), submission("e-" + run, null))));
        assertThat(again).containsEntry("d-" + run, "a-" + run).containsEntry("e-" + run, "e-" + run);
    }

    private static Map<String, String> ids(Map<String, WorkloadStore.Stored> stored) {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        stored.forEach((k, v) -> ids.put(k, v.id()));
        return ids;
    }

    @Test
    void aTransitionFromAStateTheWorkloadHasLeftFailsTheWholeGroup() {
        String id = "t-" + Long.toHexString(System.nanoTime());
        store.workloads().insertAll(List.of(submission(id, null)));
        Instant at = Instant.parse("2026-11-29T00:00:01Z");
        assertThatThrownBy(() -> store.jdbi().useTransaction(h -> WorkloadStore.transition(h, List.of(
                new WorkloadStore.Step(id, Status.PENDING, Status.ADMITTED, at, "ok"),
                new WorkloadStore.Step(id, Status.PENDING, Status.CANCELLED, at, "stale")))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("moved on");
        assertThat(store.workloads().find(id).orElseThrow().status()).isEqualTo(Status.PENDING);
        assertThat(store.workloads().history(id)).hasSize(1);
    }

    @Test
    void aStepThatTheLifecycleForbidsIsRefusedBeforeTheStore() {
        assertThatThrownBy(() -> new WorkloadStore.Step("x", Status.SUCCEEDED, Status.RUNNING, Instant.EPOCH, "no"))
                .hasMessageContaining("no transition from SUCCEEDED to RUNNING");
    }
}
