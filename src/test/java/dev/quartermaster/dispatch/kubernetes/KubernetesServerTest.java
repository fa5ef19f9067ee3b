package dev.quartermaster.dispatch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.Server;
import dev.quartermaster.server.ServerOptions;
import dev.quartermaster.server.TestServer;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server whose in-house cluster is (fabric8's mock) Kubernetes: submitted work becomes a Job, and its end the workload's. */
class KubernetesServerTest {

    MockApi api = new MockApi();
    NamespacedKubernetesClient admin = api.client();
    Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        admin.close();
        api.close();
    }

    @Test
    void aWorkloadSubmittedToQuartermasterRunsAsAKubernetesJobAndSucceedsWithIt() throws Exception {
        Path dir = Files.createTempDirectory("qm-k8s-test");
        Path token = dir.resolve("k8s.token");
        Files.writeString(token, "t0ken\n");
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, Files.readString(Path.of("examples/fleet-kubernetes.yaml"))
                .replace("https://k8s.example.internal:6443", api.url()).replace("/etc/quartermaster/k8s.token", token.toString()));
        server = Server.start(new ServerOptions(dir, null, null, null, fleet, "127.0.0.1", 0, Policies.byName("cost"), 1, 3600, Duration.ofMillis(100)),
                line -> {});

        String id = submit("k8s-ok");
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id) != null);
        Job job = job(id);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("python:3.12");
        assertThat(job.getMetadata().getLabels()).containsEntry("quartermaster.dev/team", "research");
        await().atMost(Duration.ofSeconds(10)).until(() -> JobSpec.name(id, 1).equals(server.store().runs().dispatches(id).get(0).externalId()));
        assertThat(server.store().runs().dispatches(id).get(0).cluster()).isEqualTo("k8s-ml");

        job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withSucceeded(1)
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").withLastTransitionTime(Instant.now().toString()).build())
                .build());
        admin.batch().v1().jobs().inNamespace("ml").resource(job).updateStatus();

        await().atMost(Duration.ofSeconds(30)).until(() -> server.store().workloads().find(id).orElseThrow().status() == Status.SUCCEEDED);
    }

    private Job job(String id) {
        return admin.batch().v1().jobs().inNamespace("ml").withName(JobSpec.name(id, 1)).get();
    }

    private String submit(String name) {
        String doc = """
                {"name": "%s", "team": "research", "kind": "batch", "gpus": 8, "accelerators": {"H100": 1.0},
                 "work": {"duration": "1m"}, "run": {"command": "python train.py", "image": "python:3.12"}}""".formatted(name);
        HttpResponse<String> response = TestServer.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/workloads"))
                .header("Authorization", "Bearer " + server.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(doc)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }
}
