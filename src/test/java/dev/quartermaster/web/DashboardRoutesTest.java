package dev.quartermaster.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quartermaster.server.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the dashboard needs from the server, without a browser: its files without a token, and its API routes. */
class DashboardRoutesTest {

    private static HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TestServer.url() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return TestServer.send(request.build());
    }

    @Test
    void theDashboardsFilesNeedNoTokenButItsDataDoes() {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app.js\">", "id=\"login-token\"");
        for (String file : new String[] {"/app.js", "/pages.js", "/style.css", "/favicon.svg"}) {
            assertThat(get(file, null).statusCode()).as(file).isEqualTo(200);
        }
        // Nothing else comes without a token, and the page pulls nothing from elsewhere.
        assertThat(get("/api/v1/pools", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/me", null).statusCode()).isEqualTo(401);
        String everything = page.body() + get("/app.js", null).body() + get("/pages.js", null).body() + get("/style.css", null).body();
        assertThat(everything.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://", "//cdn");
    }

    @Test
    void meSaysWhoTheTokenBelongsTo() {
        String member = TestServer.token("member", "pretrain");
        assertThat(get("/api/v1/me", member).body()).contains("\"role\":\"member\"", "\"team\":\"pretrain\"");
        assertThat(get("/api/v1/me", TestServer.adminToken()).body()).contains("\"role\":\"admin\"");
    }

    @Test
    void theBoardKeepsMembersToTheirTeamAndChecksItsFilters() {
        String member = TestServer.token("member", "post-training");
        assertThat(get("/api/v1/board?team=pretrain", member).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/board?state=running,pending&kind=fine-tuning", member).statusCode()).isEqualTo(200);
        HttpResponse<String> bad = get("/api/v1/board?state=sleeping", TestServer.adminToken());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"state\"");
        assertThat(get("/api/v1/board?kind=napping", TestServer.adminToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void poolsCostPerDayAndTheOpenApiDocument() {
        String admin = TestServer.adminToken();
        assertThat(get("/api/v1/fleet/pools", admin).body()).contains("\"pool\":\"ai-cloud-eu-north/b200\"", "\"provider\":\"ai-cloud\"", "\"region\":\"eu-north\"");
        assertThat(get("/api/v1/cost/daily?by=tier", admin).body()).startsWith("{").contains("\"by\":\"tier\"", "\"days\":[");
        assertThat(get("/api/v1/cost/daily?by=colour", admin).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/openapi.json", admin).body()).contains("/api/v1/board", "/api/v1/me", "/api/v1/reports/{name}", "/api/v1/cost/daily");
    }

    @Test
    void aMemberSeesTheCostOfItsOwnTeamsWorkOnly() {
        HttpResponse<String> submitted = TestServer.send(HttpRequest.newBuilder(URI.create(TestServer.url() + "/api/v1/workloads"))
                .header("Authorization", "Bearer " + TestServer.adminToken()).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString("name: routes-cost\nteam: data-science\nkind: batch\ngpus: 8\naccelerators: { H100: 1.0 }\nwork: { duration: 1h }\n")).build());
        assertThat(submitted.statusCode()).isEqualTo(201);
        String id = submitted.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/workloads/" + id, TestServer.adminToken()).body().contains("\"state\":\"succeeded\""));
        assertThat(get("/api/v1/cost/daily?by=team", TestServer.adminToken()).body()).contains("\"key\":\"data-science\"");
        String member = TestServer.token("member", "assistant-serving");
        String own = get("/api/v1/cost/daily?by=team", member).body();
        assertThat(own).contains("\"team\":\"assistant-serving\"").doesNotContain("data-science");
    }

    @Test
    void reportsAreListedAndServedButNothingOutsideTheirDirectory() throws Exception {
        Files.writeString(TestServer.reportsDirectory().resolve("routes-test.html"), "<!doctype html><h1>routes test</h1>");
        Files.writeString(TestServer.reportsDirectory().resolveSibling("secret.html"), "top secret content");
        String viewer = TestServer.token("viewer", null);
        assertThat(get("/api/v1/reports", viewer).body()).contains("\"name\":\"routes-test.html\"");
        HttpResponse<String> report = get("/api/v1/reports/routes-test.html", viewer);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(report.body()).contains("routes test");
        assertThat(get("/api/v1/reports/routes-test.html", null).statusCode()).isEqualTo(401);
        for (String path : new String[] {"..%2Fsecret.html", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "..", "nothing-here.html", ".hidden.html"}) {
            HttpResponse<String> refused = get("/api/v1/reports/" + path, viewer);
            assertThat(refused.statusCode()).as(path).isIn(400, 404);
            assertThat(refused.body()).as(path).doesNotContain("top secret content");
        }
    }
}
