package dev.quartermaster.server;

import dev.quartermaster.engine.policy.Policies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real server for the tests of a JVM: an embedded PostgreSQL in a temporary directory, the bundled example fleet,
 * the simulated backend at 3600x (an hour of work takes a second), on a free port. Starting PostgreSQL takes
 * seconds, so test classes share it; each test uses its own workloads and tokens.
 */
public final class TestServer {

    private static Server server;
    private static Path dataDirectory;

    private TestServer() {}

    public static synchronized Server get() {
        if (server == null) {
            try {
                dataDirectory = Files.createTempDirectory("qm-test-server");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = Server.start(options(dataDirectory), line -> {});
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    public static ServerOptions options(Path dataDirectory) {
        return new ServerOptions(dataDirectory, null, null, null, null, "127.0.0.1", 0, Policies.byName("cost"), 1, 3600,
                Duration.ofMillis(50), reportsDirectory(dataDirectory));
    }

    /** Where the shared server finds HTML reports: next to its data directory, made on first use. */
    public static Path reportsDirectory() {
        get();
        return reportsDirectory(dataDirectory);
    }

    private static Path reportsDirectory(Path dataDirectory) {
        Path reports = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-reports");
        try {
            return Files.createDirectories(reports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String url() {
        return "http://127.0.0.1:" + get().port();
    }

    public static String adminToken() {
        return get().adminToken();
    }

    /** A new token of {@code role} ("admin", "member", "viewer"), for {@code team} when a member. */
    public static String token(String role, String team) {
        String body = "{\"name\":\"test-" + role + "\",\"role\":\"" + role + "\"" + (team == null ? "" : ",\"team\":\"" + team + "\"") + "}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/tokens"))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("cannot create a token: " + response.statusCode() + " " + response.body());
        }
        return response.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
