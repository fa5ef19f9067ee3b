package dev.quartermaster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls to the shared test server, and what the answers say. */
final class Http {

    private Http() {}

    /** One call; {@code token} and {@code body} may be null. A body is sent as JSON unless {@code contentType} says otherwise. */
    static HttpResponse<String> call(String method, String path, String token, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TestServer.url() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", contentType == null ? "application/json" : contentType);
        }
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return TestServer.send(request.build());
    }

    static HttpResponse<String> get(String path, String token) {
        return call("GET", path, token, null, null, Map.of());
    }

    static HttpResponse<String> post(String path, String token, String body) {
        return call("POST", path, token, body, null, Map.of());
    }

    static HttpResponse<String> put(String path, String token, String body, String contentType) {
        return call("PUT", path, token, body, contentType, Map.of());
    }

    static HttpResponse<String> delete(String path, String token) {
        return call("DELETE", path, token, null, null, Map.of());
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Asserts an error answer: the status, a JSON error object with a code and a message; returns the error object. */
    static JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s %s: %s", response.request().method(), response.request().uri(), response.body())
                .isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("content type").hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).as("error code in %s", response.body()).isNotBlank();
        assertThat(error.path("message").asText()).as("error message in %s", response.body()).isNotBlank();
        return error;
    }

    static void ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s %s: %s", response.request().method(), response.request().uri(), response.body())
                .isEqualTo(status);
    }

    /** A workload document (JSON) of {@code team}: 8 H100s for {@code minutes} of work (at 3600x, a second per hour). */
    static String workload(String name, String team, int minutes) {
        return """
                {"name": "%s", "team": "%s", "kind": "batch", "gpus": 8, "accelerators": {"H100": 1.0}, "work": {"duration": "%dm"}}
                """.formatted(name, team, minutes);
    }

    /** Submits as {@code token}; asserts 201 and returns the id. */
    static String submit(String token, String name, String team, int minutes) {
        HttpResponse<String> response = post("/api/v1/workloads", token, workload(name, team, minutes));
        ok(response, 201);
        return json(response).path("id").asText();
    }

    /** A new token; returns {id, token}. */
    static JsonNode newToken(String name, String role, String team) {
        String body = "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"" + (team == null ? "" : ",\"team\":\"" + team + "\"") + "}";
        HttpResponse<String> response = post("/api/v1/tokens", TestServer.adminToken(), body);
        ok(response, 201);
        return json(response);
    }

    static Status status(String id) {
        return TestServer.get().store().workloads().find(id).orElseThrow().status();
    }

    static void awaitStatus(String id, Status wanted) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> status(id) == wanted);
    }

    /** How many workloads the store holds, in any state. */
    static long stored() {
        return TestServer.get().store().workloads().countByStatus().values().stream().mapToLong(Long::longValue).sum();
    }
}
