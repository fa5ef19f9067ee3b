package dev.quartermaster.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quartermaster.lifecycle.Status;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A fleet replaced through the API is in force at once, and running work stays where it runs. */
class FleetReplacementTest {

    private static HttpResponse<String> call(String method, String path, String body, String type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TestServer.url() + path))
                .header("Authorization", "Bearer " + TestServer.adminToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return TestServer.send(request.build());
    }

    private static String submit(String name, String team, String duration) {
        HttpResponse<String> r = call("POST", "/api/v1/workloads", """
                {"name": "%s", "team": "%s", "kind": "batch", "gpus": 8, "accelerators": {"H100": 1.0}, "work": {"duration": "%s"}}"""
                .formatted(name, team, duration), "application/json");
        assertThat(r.statusCode()).as(r.body()).isIn(201, 422);
        return r.statusCode() == 201 ? r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1") : null;
    }

    @Test
    void aNewTeamCanSubmitAtOnceAndRunningWorkKeepsItsPlace() {
        Server server = TestServer.get();
        // Five thousand hours at 3600x: it runs for hours of wall time, through the replacement.
        String running = submit("replacement-long-run", "ads-ranking", "5000h");
        await().atMost(Duration.ofSeconds(20)).until(() -> server.store().workloads().find(running).orElseThrow().status() == Status.RUNNING);
        assertThat(submit("replacement-new-team", "fleet-test", "1h")).as("a team not in the fleet is refused").isNull();

        String original = Server.bundledFleet();
        String withTeam = original.stripTrailing() + "\n  - { name: fleet-test, weight: 1, quota: { H100: 64 } }\n";
        try {
            HttpResponse<String> replaced = call("PUT", "/api/v1/fleet", withTeam, "application/yaml");
            assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(201);
            assertThat(replaced.body()).contains("\"requeued\":0");

            String fresh = submit("replacement-new-team", "fleet-test", "1h");
            assertThat(fresh).isNotNull();
            await().atMost(Duration.ofSeconds(20)).until(() -> server.store().workloads().find(fresh).orElseThrow().status() == Status.SUCCEEDED);
            assertThat(server.store().workloads().find(running).orElseThrow().status()).isEqualTo(Status.RUNNING);
            assertThat(server.store().runs().dispatches(running)).hasSize(1);
            assertThat(call("GET", "/api/v1/teams", null, null).body()).contains("fleet-test");
        } finally {
            assertThat(call("PUT", "/api/v1/fleet", original, "application/yaml").statusCode()).isEqualTo(201);
            call("POST", "/api/v1/workloads/" + running + "/cancel", null, null);
        }
    }

    @Test
    void aFleetWhoseBackendCannotConnectFromHereIsRefusedWhole() throws Exception {
        long before = fleetVersion();
        String fleet = java.nio.file.Files.readString(java.nio.file.Path.of("examples/fleet-kubernetes.yaml"))
                .replace("token: { file: /etc/quartermaster/k8s.token }", "caCert: /nope/k8s-ca.pem");
        HttpResponse<String> refused = call("PUT", "/api/v1/fleet", fleet, "application/yaml");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("providers[0].clusters[0].backend.caCert", "cannot read /nope/k8s-ca.pem: no such file");
        assertThat(fleetVersion()).isEqualTo(before);
    }

    private static long fleetVersion() throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(call("GET", "/api/v1/fleet", null, null).body())
                .get("version").asLong();
    }

    @Test
    void anAdminChangesATeamsQuotaAtOnceAndABadQuotaIsRefusedByField() {
        String original = Server.bundledFleet();
        try {
            HttpResponse<String> changed = call("PUT", "/api/v1/teams/data-science",
                    "{\"cohort\": \"product\", \"weight\": 2, \"quota\": {\"H100\": {\"nominal\": 300, \"borrowingLimit\": 100}}}", "application/json");
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            String teams = call("GET", "/api/v1/teams", null, null).body();
            assertThat(teams.replace(" ", "")).contains("\"name\":\"data-science\",\"cohort\":\"product\",\"weight\":2.0");
            assertThat(call("GET", "/api/v1/audit", null, null).body()).contains("team.put");

            HttpResponse<String> bad = call("PUT", "/api/v1/teams/data-science", "{\"quota\": {\"TPU9\": 8}}", "application/json");
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
            assertThat(bad.body()).contains("TPU9");
            HttpResponse<String> wrongName = call("PUT", "/api/v1/teams/data-science", "{\"name\": \"other\", \"weight\": 1}", "application/json");
            assertThat(wrongName.statusCode()).isEqualTo(422);
            assertThat(wrongName.body()).contains("path names 'data-science'");
            assertThat(call("GET", "/api/v1/teams", null, null).body().replace(" ", "")).contains("\"weight\":2.0");
        } finally {
            assertThat(call("PUT", "/api/v1/fleet", original, "application/yaml").statusCode()).isEqualTo(201);
        }
    }
}
