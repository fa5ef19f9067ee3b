package dev.quartermaster.api;

import static dev.quartermaster.api.Http.delete;
import static dev.quartermaster.api.Http.error;
import static dev.quartermaster.api.Http.get;
import static dev.quartermaster.api.Http.json;
import static dev.quartermaster.api.Http.ok;
import static dev.quartermaster.api.Http.post;
import static dev.quartermaster.api.Http.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.Server;
import dev.quartermaster.server.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may do what: no token, a bad or revoked one, viewers, members of a team, admins; and the audit log. */
class RoleBoundariesTest {

    private static final String OWN = "ads-ranking";
    private static final String OTHER = "data-science";

    private static String admin;
    private static String viewer;
    private static String member;
    /** Workloads that run long: one of the member's team, one of another team. */
    private static String ownWork;
    private static String otherWork;

    @BeforeAll
    static void tokensAndWork() {
        admin = TestServer.adminToken();
        viewer = TestServer.token("viewer", null);
        member = TestServer.token("member", OWN);
        ownWork = Http.submit(admin, "roles-own", OWN, 6000);
        otherWork = Http.submit(admin, "roles-other", OTHER, 6000);
    }

    @AfterAll
    static void cancelWork() {
        for (String id : List.of(ownWork, otherWork)) {
            if (!Http.status(id).isFinal()) {
                post("/api/v1/workloads/" + id + "/cancel", admin, null);
            }
        }
    }

    @Test
    void withoutAValidTokenEveryCallButHealthIs401() {
        for (String path : List.of("/api/v1/workloads", "/api/v1/fleet", "/api/v1/tokens", "/api/v1/audit", "/metrics",
                "/api/v1/openapi.json", "/api/v1/workloads/" + ownWork, "/api/v1/workloads/" + ownWork + "/events")) {
            JsonNode missing = error(get(path, null), 401);
            assertThat(missing.path("code").asText()).isEqualTo("unauthenticated");
            assertThat(missing.path("field").asText()).isEqualTo("Authorization");
            error(get(path, "qm_not-a-token"), 401);
            error(Http.call("GET", path, null, null, null, Map.of("Authorization", "Basic YWRtaW46YWRtaW4=")), 401);
        }
        HttpResponse<String> submit = Http.call("POST", "/api/v1/workloads", null, Http.workload("no-token", OWN, 10), null, Map.of());
        error(submit, 401);
        assertThat(submit.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> bad = get("/api/v1/workloads", "qm_not-a-token");
        assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        ok(get("/healthz", null), 200);
        ok(get("/readyz", null), 200);
    }

    @Test
    void aRevokedTokenIs401AtOnce() {
        JsonNode created = Http.newToken("soon-revoked", "member", OWN);
        String secret = created.path("token").asText();
        long id = created.path("id").asLong();
        ok(get("/api/v1/workloads", secret), 200); // now remembered by the authenticator
        error(delete("/api/v1/tokens/" + id, viewer), 403);
        error(delete("/api/v1/tokens/" + id, member), 403);
        ok(delete("/api/v1/tokens/" + id, admin), 200);
        JsonNode revoked = error(get("/api/v1/workloads", secret), 401);
        assertThat(revoked.path("message").asText()).contains("revoked");
        error(post("/api/v1/workloads", secret, Http.workload("after-revoke", OWN, 10)), 401);
        error(delete("/api/v1/tokens/" + id, admin), 404);
        error(delete("/api/v1/tokens/not-a-number", admin), 400);
    }

    @Test
    void aViewerReadsEverythingAndChangesNothing() {
        long before = Http.stored();
        JsonNode submit = error(post("/api/v1/workloads", viewer, Http.workload("viewer-submit", OWN, 10)), 403);
        assertThat(submit.path("code").asText()).isEqualTo("forbidden");
        assertThat(Http.stored()).isEqualTo(before);
        error(post("/api/v1/workloads/" + ownWork + "/cancel", viewer, null), 403);
        error(post("/api/v1/workloads/" + otherWork + "/cancel", viewer, null), 403);
        assertThat(Http.status(ownWork).isFinal()).isFalse();
        error(post("/api/v1/tokens", viewer, "{\"name\":\"sneaky\",\"role\":\"admin\"}"), 403);
        error(get("/api/v1/tokens", viewer), 403);
        error(get("/api/v1/audit", viewer), 403);
        error(put("/api/v1/fleet", viewer, Server.bundledFleet(), "application/yaml"), 403);

        for (String id : List.of(ownWork, otherWork)) {
            ok(get("/api/v1/workloads/" + id, viewer), 200);
            ok(get("/api/v1/workloads/" + id + "/why", viewer), 200);
        }
        ok(get("/api/v1/workloads?team=" + OTHER, viewer), 200);
        for (String path : List.of("/api/v1/fleet", "/api/v1/pools", "/api/v1/teams", "/api/v1/contracts", "/api/v1/cost", "/api/v1/queue", "/metrics")) {
            ok(get(path, viewer), 200);
        }
    }

    @Test
    void aMemberSeesAndChangesOnlyItsOwnTeamsWork() {
        // Another team's workload does not exist for a member: 404, the same as an unknown id.
        for (String suffix : List.of("", "/why", "/events")) {
            JsonNode e = error(Http.call("GET", "/api/v1/workloads/" + otherWork + suffix, member, null, null, Map.of("Accept", "text/event-stream")), 404);
            assertThat(e.path("message").asText()).doesNotContain(OTHER);
            error(Http.call("GET", "/api/v1/workloads/w-doesnotexist" + suffix, admin, null, null, Map.of("Accept", "text/event-stream")), 404);
        }
        // Cancel finds the workload before it checks the team, so another team's is 404 too.
        error(post("/api/v1/workloads/" + otherWork + "/cancel", member, null), 404);
        assertThat(Http.status(otherWork).isFinal()).isFalse();
        error(get("/api/v1/workloads?team=" + OTHER, member), 403);

        long before = Http.stored();
        JsonNode foreign = error(post("/api/v1/workloads", member, Http.workload("member-foreign", OTHER, 10)), 403);
        assertThat(foreign.path("message").asText()).contains(OTHER);
        assertThat(Http.stored()).isEqualTo(before);

        ok(get("/api/v1/workloads/" + ownWork, member), 200);
        ok(get("/api/v1/workloads/" + ownWork + "/why", member), 200);
        for (String query : List.of("", "?team=" + OWN)) {
            HttpResponse<String> list = get("/api/v1/workloads" + query, member);
            ok(list, 200);
            List<String> teams = new ArrayList<>();
            json(list).path("items").forEach(w -> teams.add(w.path("team").asText()));
            assertThat(teams).isNotEmpty().containsOnly(OWN);
        }
        // The queue is refused for another team's filter, as listing is; without one it shows the member's own team.
        ok(get("/api/v1/queue?team=" + OTHER, member), 403);
        HttpResponse<String> queue = get("/api/v1/queue", member);
        ok(queue, 200);
        json(queue).forEach(w -> assertThat(w.path("team").asText()).isEqualTo(OWN));

        String mine = Http.submit(member, "member-own", OWN, 6000);
        assertThat(json(get("/api/v1/workloads/" + mine, member)).path("workload").path("submittedBy").asText()).isEqualTo("test-member");
        ok(post("/api/v1/workloads/" + mine + "/cancel", member, null), 200);
        assertThat(Http.status(mine)).isEqualTo(Status.CANCELLED);

        error(post("/api/v1/tokens", member, "{\"name\":\"sneaky\",\"role\":\"admin\"}"), 403);
        error(get("/api/v1/tokens", member), 403);
        error(get("/api/v1/audit", member), 403);
        error(put("/api/v1/fleet", member, Server.bundledFleet(), "application/yaml"), 403);
    }

    @Test
    void anAdminDoesEverythingAndTheAuditLogSaysSo() {
        String a = Http.submit(admin, "admin-a", OWN, 6000);
        String b = Http.submit(admin, "admin-b", OTHER, 6000);
        ok(post("/api/v1/workloads/" + a + "/cancel", admin, null), 200);
        ok(post("/api/v1/workloads/" + b + "/cancel", admin, null), 200);
        ok(get("/api/v1/workloads?team=" + OTHER, admin), 200);

        JsonNode created = Http.newToken("audited", "viewer", null);
        long id = created.path("id").asLong();
        ok(get("/api/v1/tokens", admin), 200);
        assertThat(get("/api/v1/tokens", admin).body()).contains("\"audited\"").doesNotContain(created.path("token").asText());
        ok(delete("/api/v1/tokens/" + id, admin), 200);
        HttpResponse<String> replaced = put("/api/v1/fleet", admin, Server.bundledFleet(), "application/yaml");
        ok(replaced, 201);
        long version = json(replaced).path("version").asLong();

        HttpResponse<String> audit = get("/api/v1/audit?limit=50", admin);
        ok(audit, 200);
        List<String> entries = new ArrayList<>();
        json(audit).forEach(e -> entries.add(e.path("actor").asText() + " " + e.path("action").asText() + " " + e.path("target").asText()
                + " " + e.path("detail").asText()));
        assertThat(entries).anyMatch(e -> e.startsWith("admin token.create token " + id + " viewer"));
        assertThat(entries).anyMatch(e -> e.startsWith("admin token.revoke token " + id));
        assertThat(entries).anyMatch(e -> e.startsWith("admin fleet.replace fleet version " + version));
        // Newest first: the fleet replacement came last.
        assertThat(entries.get(0)).startsWith("admin fleet.replace");
    }
}
