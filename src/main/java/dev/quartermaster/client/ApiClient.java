package dev.quartermaster.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.quartermaster.client.Replies.Cancelled;
import dev.quartermaster.client.Replies.Cost;
import dev.quartermaster.client.Replies.NewToken;
import dev.quartermaster.client.Replies.Page;
import dev.quartermaster.client.Replies.Queued;
import dev.quartermaster.client.Replies.Revoked;
import dev.quartermaster.client.Replies.Submitted;
import dev.quartermaster.client.Replies.Token;
import dev.quartermaster.client.Replies.Why;
import dev.quartermaster.client.Replies.Workload;
import dev.quartermaster.client.Replies.WorkloadDetail;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Calls a Quartermaster server's HTTP API ({@code /api/v1}) with a bearer token. Each call answers the server's JSON
 * and the same read into a record; a refusal throws {@link ApiError}, no answer at all {@link Unreachable}.
 */
public final class ApiClient {

    /** An answer: {@code value} read from {@code json}, the server's JSON as it came. */
    public record Reply<T>(T value, JsonNode json) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final String server;
    private final String token;
    private final HttpClient http;

    /** {@code server} is the base URL, such as {@code http://localhost:8080}; throws IllegalArgumentException when it is not one. */
    public ApiClient(String server, String token) {
        this.server = base(server);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Submits one workload document (JSON); a repeated {@code idempotencyKey} answers the workload first stored under it. */
    public Reply<Submitted> submit(String workloadJson, String idempotencyKey) {
        HttpRequest.Builder request = request("/api/v1/workloads", Map.of()).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(workloadJson));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request, new TypeReference<>() {});
    }

    /** The newest workloads; null filters are left out. */
    public Reply<Page<Workload>> workloads(String team, String state, String kind, Integer limit) {
        return get("/api/v1/workloads", query("team", team, "state", state, "kind", kind, "limit", limit), new TypeReference<>() {});
    }

    public Reply<WorkloadDetail> workload(String id) {
        return get("/api/v1/workloads/" + segment(id), Map.of(), new TypeReference<>() {});
    }

    public Reply<Cancelled> cancel(String id) {
        return send(request("/api/v1/workloads/" + segment(id) + "/cancel", Map.of()).POST(BodyPublishers.noBody()), new TypeReference<>() {});
    }

    public Reply<Why> why(String id) {
        return get("/api/v1/workloads/" + segment(id) + "/why", Map.of(), new TypeReference<>() {});
    }

    public Reply<List<Queued>> queue(String team, Integer limit) {
        return get("/api/v1/queue", query("team", team, "limit", limit), new TypeReference<>() {});
    }

    /** Cost grouped {@code by} team, provider, tier, pool or accelerator over [from, to); null bounds are open. */
    public Reply<Cost> cost(String by, Instant from, Instant to) {
        return get("/api/v1/cost", query("by", by, "from", from, "to", to), new TypeReference<>() {});
    }

    public Reply<NewToken> createToken(String name, String role, String team) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        if (team != null) {
            body.put("team", team);
        }
        return send(request("/api/v1/tokens", Map.of()).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(write(body))), new TypeReference<>() {});
    }

    public Reply<List<Token>> tokens() {
        return get("/api/v1/tokens", Map.of(), new TypeReference<>() {});
    }

    public Reply<Revoked> revokeToken(long id) {
        return send(request("/api/v1/tokens/" + id, Map.of()).DELETE(), new TypeReference<>() {});
    }

    private <T> Reply<T> get(String path, Map<String, Object> query, TypeReference<T> type) {
        return send(request(path, query).GET(), type);
    }

    private HttpRequest.Builder request(String path, Map<String, Object> query) {
        StringJoiner params = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> params.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create(server + path + params)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private <T> Reply<T> send(HttpRequest.Builder request, TypeReference<T> type) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable(server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(server, e);
        }
        JsonNode json = read(response);
        if (response.statusCode() >= 400) {
            throw error(response.statusCode(), json);
        }
        try {
            return new Reply<>(JSON.convertValue(json, type), json);
        } catch (IllegalArgumentException e) {
            throw new ApiError(response.statusCode(), "unexpected", "the server's answer is not what this client expects: " + e.getMessage(), null, List.of());
        }
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            String start = response.body().length() > 200 ? response.body().substring(0, 200) + "..." : response.body();
            throw new ApiError(response.statusCode(), "not_json", "the server answered HTTP " + response.statusCode()
                    + " with something other than JSON: " + start.strip(), null, List.of());
        }
    }

    private static ApiError error(int status, JsonNode json) {
        JsonNode error = json == null ? null : json.get("error");
        if (error == null || !error.isObject()) {
            return new ApiError(status, "error", "the server answered HTTP " + status, null, List.of());
        }
        List<ApiError.Problem> problems = new ArrayList<>();
        for (JsonNode p : error.path("problems")) {
            problems.add(JSON.convertValue(p, ApiError.Problem.class));
        }
        return new ApiError(status, text(error, "code"), text(error, "message"), text(error, "field"), problems);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Name, value pairs without the null values, in order. */
    private static Map<String, Object> query(Object... pairs) {
        Map<String, Object> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                query.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return query;
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String base(String server) {
        URI uri;
        try {
            uri = URI.create(server.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the server URL '" + server + "' is not a URL", e);
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("the server URL must be http://HOST:PORT or https://HOST:PORT, not '" + server + "'");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
