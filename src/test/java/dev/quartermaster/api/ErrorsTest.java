package dev.quartermaster.api;

import static dev.quartermaster.api.Http.error;
import static dev.quartermaster.api.Http.get;
import static dev.quartermaster.api.Http.ok;
import static dev.quartermaster.api.Http.post;
import static dev.quartermaster.api.Http.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad requests: each answered with a JSON error that says what is wrong and where, and none stores anything. */
class ErrorsTest {

    private static final String TEAM = "ads-ranking";

    private String admin;
    private long storedBefore;
    private int tokensBefore;
    private long fleetBefore;

    @BeforeEach
    void countStored() {
        admin = TestServer.adminToken();
        storedBefore = Http.stored();
        tokensBefore = TestServer.get().store().tokens().list().size();
        fleetBefore = TestServer.get().store().fleets().latest().orElseThrow().version();
    }

    @AfterEach
    void nothingWasStored() {
        assertThat(Http.stored()).as("workloads stored by bad requests").isEqualTo(storedBefore);
        assertThat(TestServer.get().store().tokens().list()).as("tokens made by bad requests").hasSize(tokensBefore);
        assertThat(TestServer.get().store().fleets().latest().orElseThrow().version()).as("fleet version after bad requests").isEqualTo(fleetBefore);
    }

    private HttpResponse<String> submit(String body, String contentType) {
        return Http.call("POST", "/api/v1/workloads", admin, body, contentType, Map.of());
    }

    /** The first problem listed, asserted to have a line and a column. */
    private static JsonNode firstProblem(JsonNode error) {
        assertThat(error.path("problems").isArray() && !error.path("problems").isEmpty()).as("problems in %s", error).isTrue();
        JsonNode problem = error.path("problems").get(0);
        assertThat(problem.path("line").asInt()).as("line of %s", problem).isPositive();
        assertThat(problem.path("column").asInt()).as("column of %s", problem).isPositive();
        return problem;
    }

    @Test
    void malformedJsonIs400WithWhereItBroke() {
        JsonNode e = error(submit("{\"name\": \"broken\",\n \"team\": \"" + TEAM + "\",\n \"gpus\": 8,,\n}", "application/json"), 400);
        assertThat(e.path("code").asText()).isEqualTo("malformed");
        JsonNode problem = firstProblem(e);
        assertThat(problem.path("line").asInt()).isEqualTo(3);
        error(submit("{\"name\": \"truncated\", \"team\": ", "application/json"), 400);
        error(submit("", "application/json"), 400);
    }

    @Test
    void malformedYamlIs400WithWhereItBroke() {
        JsonNode e = error(submit("name: broken\nteam: " + TEAM + "\naccelerators: { H100: 1.0\ngpus: 8\n", "application/yaml"), 400);
        assertThat(e.path("code").asText()).isEqualTo("malformed");
        firstProblem(e);
        JsonNode tabs = error(submit("name: x\n\tteam: " + TEAM + "\n", "application/yaml"), 400);
        firstProblem(tabs);
    }

    @Test
    void invalidFieldsAre422NamingTheField() {
        String base = "\"team\": \"" + TEAM + "\", \"kind\": \"batch\", \"work\": {\"duration\": \"1h\"}";
        List<List<String>> cases = List.of(
                List.of("gpus", "{\"name\": \"wrong-type\", " + base + ", \"gpus\": \"eight\", \"accelerators\": {\"H100\": 1.0}}"),
                List.of("gpuz", "{\"name\": \"unknown-field\", " + base + ", \"gpus\": 8, \"gpuz\": 8, \"accelerators\": {\"H100\": 1.0}}"),
                List.of("Z900", "{\"name\": \"unknown-accelerator\", " + base + ", \"gpus\": 8, \"accelerators\": {\"Z900\": 1.0}}"),
                List.of("gpus", "{\"name\": \"negative\", " + base + ", \"gpus\": -8, \"accelerators\": {\"H100\": 1.0}}"),
                List.of("gpus", "{\"name\": \"absurd\", " + base + ", \"gpus\": 10000000, \"accelerators\": {\"H100\": 1.0}}"),
                List.of("gpus", "{\"name\": \"huge-gang\", " + base + ", \"gpus\": 90000, \"topology\": \"block\", \"accelerators\": {\"H100\": 1.0}}"),
                List.of("team", "{\"name\": \"no-such-team\", \"team\": \"nobody\", \"kind\": \"batch\", \"work\": {\"duration\": \"1h\"}, \"gpus\": 8, \"accelerators\": {\"H100\": 1.0}}"),
                List.of("kind", "{\"name\": \"bad-kind\", \"team\": \"" + TEAM + "\", \"kind\": \"party\", \"work\": {\"duration\": \"1h\"}, \"gpus\": 8, \"accelerators\": {\"H100\": 1.0}}"));
        for (List<String> c : cases) {
            String field = c.get(0);
            JsonNode e = error(submit(c.get(1), "application/json"), 422);
            assertThat(e.path("code").asText()).isEqualTo("invalid");
            assertThat(e.path("field").asText() + " " + e.path("message").asText()).as("error for %s: %s", field, e).contains(field);
            firstProblem(e);
        }
        // The same in YAML: the problem points at the line of the field.
        JsonNode yaml = error(submit("name: negative-yaml\nteam: " + TEAM + "\nkind: batch\ngpus: -8\naccelerators: { H100: 1.0 }\nwork: { duration: 1h }\n",
                "application/yaml"), 422);
        assertThat(yaml.path("field").asText()).contains("gpus");
        assertThat(firstProblem(yaml).path("line").asInt()).isEqualTo(4);
        JsonNode several = error(submit("{\"name\": \"several\", \"workloads\": []}", "application/json"), 422);
        assertThat(several.path("message").asText()).contains("one workload");
    }

    @Test
    void badTokenAndFleetRequestsNameTheField() {
        assertThat(error(post("/api/v1/tokens", admin, "{\"name\": \"x\", \"role\": \"overlord\"}"), 422).path("field").asText()).isEqualTo("role");
        assertThat(error(post("/api/v1/tokens", admin, "{\"name\": \"x\", \"role\": \"member\"}"), 422).path("field").asText()).isEqualTo("team");
        assertThat(error(post("/api/v1/tokens", admin, "{\"name\": \"x\", \"role\": \"member\", \"team\": \"nobody\"}"), 422).path("field").asText()).isEqualTo("team");
        assertThat(error(post("/api/v1/tokens", admin, "{\"role\": \"viewer\"}"), 422).path("field").asText()).isEqualTo("name");
        // Jackson reads this body: a field it does not know is 400 (not 422 as in a workload document), named.
        JsonNode unknown = error(post("/api/v1/tokens", admin, "{\"name\": \"x\", \"role\": \"viewer\", \"power\": 9000}"), 400);
        assertThat(unknown.path("field").asText()).isEqualTo("power");
        JsonNode broken = error(post("/api/v1/tokens", admin, "{\"name\": \"x\",\n \"role\": "), 400);
        assertThat(broken.path("code").asText()).isEqualTo("malformed");
        assertThat(firstProblem(broken).path("line").asInt()).isEqualTo(2);
        error(put("/api/v1/fleet", admin, "accelerators: [ {name: H100", "application/yaml"), 422);
    }

    @Test
    void anOversizedBodyIs413() {
        String padding = "#".repeat((int) Api.MAX_BODY_BYTES + 1024);
        String body = "name: too-big\nteam: " + TEAM + "\nkind: batch\ngpus: 8\naccelerators: { H100: 1.0 }\nwork: { duration: 1h }\n" + padding + "\n";
        JsonNode e = error(submit(body, "application/yaml"), 413);
        assertThat(e.path("code").asText()).isEqualTo("too_large");
        // Without a Content-Length (chunked), the limit holds too.
        byte[] chunked = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> streamed = TestServer.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(TestServer.url() + "/api/v1/workloads"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/yaml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunked))).build());
        error(streamed, 413);
        // The limit is on bytes, whatever the content type says.
        error(submit("{\"name\": \"" + "x".repeat((int) Api.MAX_BODY_BYTES) + "\"}", "application/json"), 413);
    }

    @Test
    void anUnknownRouteIs404Json() {
        for (String path : List.of("/api/v1/nothing-here", "/api/v2/workloads", "/api/v1/workloads/x/y/z")) {
            JsonNode e = error(get(path, admin), 404);
            assertThat(e.path("code").asText()).isEqualTo("not_found");
        }
        error(Http.call("PATCH", "/api/v1/workloads", admin, "{}", null, Map.of()), 404);
    }

    @Test
    void badQueryParametersAre400NamingTheParameter() {
        Map<String, String> cases = Map.of(
                "/api/v1/workloads?limit=abc", "limit",
                "/api/v1/workloads?limit=0", "limit",
                "/api/v1/workloads?limit=100000", "limit",
                "/api/v1/workloads?state=bogus", "state",
                "/api/v1/workloads?kind=bogus", "kind",
                "/api/v1/workloads?after=yesterday", "after",
                "/api/v1/cost?from=notatime", "from",
                "/api/v1/cost?to=2026-13-45", "to",
                "/api/v1/cost?by=colour", "by",
                "/api/v1/audit?limit=-1", "limit");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode e = error(get(c.getKey(), admin), 400);
            assertThat(e.path("field").asText()).as("field of %s: %s", c.getKey(), e).isEqualTo(c.getValue());
            assertThat(e.path("message").asText()).as("message of %s", c.getKey()).contains(c.getValue());
        }
        ok(get("/api/v1/workloads?state=SUCCEEDED&kind=batch&limit=5", admin), 200);
        ok(get("/api/v1/cost?by=pool&from=2026-01-01T00:00:00Z", admin), 200);
    }

    @Test
    void badIdempotencyKeysAre400() {
        String doc = Http.workload("bad-key", TEAM, 1);
        error(Http.call("POST", "/api/v1/workloads", admin, doc, null, Map.of("Idempotency-Key", "k".repeat(201))), 400);
        error(Http.call("POST", "/api/v1/workloads", admin, doc, null, Map.of("Idempotency-Key", "   ")), 400);
    }

    @Test
    void cancellingAFinishedWorkloadIs409() {
        String id = Http.submit(admin, "finishes-fast", TEAM, 1);
        storedBefore++;
        Http.awaitStatus(id, Status.SUCCEEDED);
        JsonNode e = error(post("/api/v1/workloads/" + id + "/cancel", admin, null), 409);
        assertThat(e.path("code").asText()).isEqualTo("conflict");
        assertThat(e.path("message").asText()).contains("succeeded");
        assertThat(Http.status(id)).isEqualTo(Status.SUCCEEDED);

        String cancelled = Http.submit(admin, "cancelled-twice", TEAM, 6000);
        storedBefore++;
        ok(post("/api/v1/workloads/" + cancelled + "/cancel", admin, null), 200);
        error(post("/api/v1/workloads/" + cancelled + "/cancel", admin, null), 409);
        error(post("/api/v1/workloads/w-doesnotexist/cancel", admin, null), 404);
    }
}
