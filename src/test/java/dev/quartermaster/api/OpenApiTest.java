package dev.quartermaster.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.Server;
import dev.quartermaster.server.TestServer;
import io.javalin.Javalin;
import io.javalin.router.Endpoint;
import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The OpenAPI document lists exactly the routes the server answers, and each of them answers. */
class OpenApiTest {

    /** Answered without a token and left out of the document on purpose. */
    private static final Set<String> UNDOCUMENTED = Set.of("GET /healthz", "GET /readyz");

    private static Api api() throws ReflectiveOperationException {
        Field field = Server.class.getDeclaredField("api");
        field.setAccessible(true);
        return (Api) field.get(TestServer.get());
    }

    /** Every method and path Javalin itself routes (before-handlers left out). */
    private static Set<String> registeredWithJavalin(Api api) throws ReflectiveOperationException {
        Field field = Api.class.getDeclaredField("app");
        field.setAccessible(true);
        Javalin app = (Javalin) field.get(api);
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(OpenApiTest::key).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String key(Endpoint e) {
        return e.method.name().toUpperCase(Locale.ROOT) + " " + e.path;
    }

    private static Set<String> documented() {
        HttpResponse<String> response = Http.get("/api/v1/openapi.json", TestServer.adminToken());
        Http.ok(response, 200);
        JsonNode doc = Http.json(response);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        Set<String> operations = new TreeSet<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            assertThat(op.getValue().path("summary").asText()).as("summary of %s %s", op.getKey(), path.getKey()).isNotBlank();
            assertThat(op.getValue().path("description").asText()).as("access of %s %s", op.getKey(), path.getKey()).startsWith("Access: ");
            assertThat(op.getValue().path("responses").has("401")).isTrue();
            List<String> params = new ArrayList<>();
            op.getValue().path("parameters").forEach(p -> params.add(p.path("name").asText()));
            List<String> inPath = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey()).results().map(m -> m.group(1)).toList();
            assertThat(params).as("path parameters of %s", path.getKey()).containsExactlyElementsOf(inPath);
        }));
        return operations;
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndNothingElse() throws Exception {
        Api api = api();
        Set<String> routes = api.routes().stream().map(r -> r.method().name().toUpperCase(Locale.ROOT) + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> javalin = registeredWithJavalin(api);
        Set<String> documented = documented();

        assertThat(routes).as("the API's route list").hasSizeGreaterThanOrEqualTo(19);
        assertThat(documented).as("documented operations").isEqualTo(routes);
        Set<String> served = new TreeSet<>(javalin);
        served.removeAll(UNDOCUMENTED);
        assertThat(served).as("what Javalin routes, less health and readiness").isEqualTo(documented);
        assertThat(javalin).containsAll(UNDOCUMENTED);
    }

    @Test
    void everyDocumentedOperationAnswers() {
        String admin = TestServer.adminToken();
        String workload = Http.submit(admin, "openapi-probe", "ads-ranking", 6000);
        Http.ok(Http.post("/api/v1/workloads/" + workload + "/cancel", admin, null), 200);
        Http.awaitStatus(workload, Status.CANCELLED);
        try {
            java.nio.file.Files.writeString(TestServer.reportsDirectory().resolve("openapi-probe.html"), "<html><body>probe</body></html>");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long stored = Http.stored();
        for (String operation : documented()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String template = operation.substring(operation.indexOf(' ') + 1);
            String path = template.startsWith("/api/v1/tokens/")
                    ? template.replace("{id}", Http.newToken("openapi-probe", "viewer", null).path("id").asText())
                    : template.replace("{id}", workload).replace("{name}", "openapi-probe.html");
            if (path.equals("/api/v1/events")) {
                // The stream of every change never ends: its status and first bytes are enough.
                assertThat(streamStatus(path, admin)).as("GET %s", path).isEqualTo(200);
                continue;
            }
            // Bodies that are read and refused: nothing here changes the fleet or stores work.
            String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
            HttpResponse<String> response = Http.call(method, path, admin, body, null, Map.of("Accept", "text/event-stream, application/json"));
            assertThat(response.statusCode()).as("%s %s answers: %s", method, path, response.body()).isNotIn(404, 405, 500);
            assertThat(response.statusCode()).as("%s %s answers: %s", method, path, response.body()).isBetween(200, 499);
        }
        assertThat(Http.stored()).isEqualTo(stored);
    }

    private static int streamStatus(String path, String token) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(TestServer.url() + path)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
