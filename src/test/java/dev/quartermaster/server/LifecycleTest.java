package dev.quartermaster.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.store.Dispatch;
import dev.quartermaster.store.Transition;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static final String WORKLOAD = """
            name: lifecycle-eval
            team: ads-ranking
            kind: batch
            gpus: 8
            accelerators: { H100: 1.0 }
            work: { duration: 2h }
            """;

    private static HttpResponse<String> submit(String document, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TestServer.url() + "/api/v1/workloads"))
                .header("Authorization", "Bearer " + TestServer.adminToken()).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(document));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return TestServer.send(request.build());
    }

    private static String id(HttpResponse<String> response) {
        return response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void aSubmittedWorkloadRunsToSuccessAndIsCharged() {
        HttpResponse<String> response = submit(WORKLOAD, null);
        assertThat(response.statusCode()).isEqualTo(201);
        String id = id(response);
        Server server = TestServer.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.store().workloads().find(id).orElseThrow().status() == Status.SUCCEEDED);

        List<Status> path = server.store().workloads().history(id).stream().map(Transition::to).toList();
        assertThat(path).containsExactly(Status.PENDING, Status.ADMITTED, Status.DISPATCHED, Status.RUNNING, Status.SUCCEEDED);
        List<Dispatch> dispatches = server.store().runs().dispatches(id);
        assertThat(dispatches).hasSize(1);
        assertThat(dispatches.get(0).outcome()).isEqualTo("succeeded");
        // Two hours of 8 GPUs at 3600x: about 16 GPU-hours charged at the pool's price.
        var ledger = server.store().runs().ledger(id);
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).gpuHours()).isBetween(15.0, 18.0);
        assertThat(ledger.get(0).dollars()).isEqualTo(ledger.get(0).gpuHours() * dispatches.get(0).pricePerGpuHour(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void metricsNameQueueDepthTransitionsLatencyPoolsCommitmentsAndCost() {
        submit(WORKLOAD, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics().contains("qm_transitions_total") && !metrics().contains("qm_transitions_total 0.0"));
        String text = metrics();
        assertThat(text).contains("qm_queue_depth", "qm_decision_latency_seconds", "qm_cost_rate_dollars_per_hour",
                "qm_pool_gpus_used{accelerator=\"H100\",pool=\"dc-west-1/h100\",tier=\"in-house\"}", "qm_committed_gpus_idle{pool=",
                "qm_submissions_total");
        // The engine's work, counted: at least the cycle that placed the workload, and the search that found it a pool.
        assertThat(counter(text, "qm_engine_cycles_total")).isPositive();
        assertThat(counter(text, "qm_engine_placement_searches_total")).isPositive();
        assertThat(counter(text, "qm_engine_pools_looked_total")).isGreaterThanOrEqualTo(counter(text,
                "qm_engine_placement_searches_total"));
        assertThat(text).contains("qm_engine_preemption_searches_total", "qm_engine_parked_for_quota_total");
    }

    /** The value of a counter without labels in a Prometheus scrape. */
    private static double counter(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not in the scrape"));
    }

    private static String metrics() {
        return TestServer.send(HttpRequest.newBuilder(URI.create(TestServer.url() + "/metrics"))
                .header("Authorization", "Bearer " + TestServer.adminToken()).build()).body();
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstWorkload() {
        HttpResponse<String> first = submit(WORKLOAD, "lifecycle-key-1");
        HttpResponse<String> again = submit(WORKLOAD, "lifecycle-key-1");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(id(again)).isEqualTo(id(first));
        assertThat(again.body()).contains("\"created\":false");

        HttpResponse<String> other = submit(WORKLOAD.replace("lifecycle-eval", "another-eval"), "lifecycle-key-1");
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.body()).contains("Idempotency-Key", id(first));
    }
}
