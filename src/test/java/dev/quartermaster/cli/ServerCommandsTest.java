package dev.quartermaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartermaster.cli.CliTest.Run;
import dev.quartermaster.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that talk to a server, run in-process against the shared test server: output, JSON, exit codes. */
class ServerCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** {@code qm ARGS --server URL --token TOKEN}. */
    private static Run qm(String token, String... args) {
        return CliTest.qm(Stream.concat(Stream.of(args), Stream.of("--server", TestServer.url(), "--token", token)).toArray(String[]::new));
    }

    private static Run admin(String... args) {
        return qm(TestServer.adminToken(), args);
    }

    private static JsonNode json(Run run) {
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        try {
            return JSON.readTree(run.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + run.out(), e);
        }
    }

    private Path file(String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "workloads", ".yaml"), text);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Submits one small ads-ranking batch workload of {@code hours}; answers its id. */
    private String submitOne(String name, String hours) throws IOException {
        JsonNode submitted = json(admin("submit", "-o", "json", file("""
                name: %s
                team: ads-ranking
                kind: batch
                gpus: 8
                accelerators: { H100: 1.0 }
                work: { duration: %s }
                """.formatted(name, hours)).toString()));
        return submitted.get(0).get("id").asText();
    }

    private static String state(String id) {
        return json(admin("status", "-o", "json", id)).get("workload").get("state").asText();
    }

    @Test
    void submitsEveryWorkloadOfAFileOnceThoughRunAgain() throws IOException {
        String a = unique("split-a");
        String b = unique("split-b");
        String c = unique("split-c");
        Path workloads = file("""
                name: %s
                team: ads-ranking
                kind: batch
                gpus: 1
                accelerators: { H100: 1.0 }
                work: { duration: 30m }
                ---
                workloads:
                  - { name: %s, team: data-science, kind: batch, gpus: 1, accelerators: [H100], work: { duration: 30m } }
                  - { name: %s, team: data-science, kind: batch, gpus: 1, accelerators: [H100], work: { duration: 30m } }
                """.formatted(a, b, c));

        JsonNode first = json(admin("submit", "-o", "json", workloads.toString()));
        JsonNode again = json(admin("submit", "-o", "json", workloads.toString()));
        Run table = admin("submit", workloads.toString());

        assertThat(first).hasSize(3);
        assertThat(first.findValuesAsText("name")).containsExactly(a, b, c);
        assertThat(first.findValuesAsText("created")).containsOnly("true");
        assertThat(again.findValuesAsText("created")).containsOnly("false");
        assertThat(again.findValuesAsText("id")).isEqualTo(first.findValuesAsText("id"));
        assertThat(table.status()).isZero();
        assertThat(table.out()).contains("ID", "NAME", "TEAM", "RESULT", a, "already there", "0 created, 3 already there.");
        JsonNode listed = json(admin("status", "-o", "json", "--team", "data-science", "--limit", "500")).get("items");
        assertThat(listed.findValuesAsText("name")).containsOnlyOnce(b, c);
    }

    @Test
    void aRefusedWorkloadIsShownWhereItIsInTheFileAndTheOthersGoIn() throws IOException {
        String good = unique("good");
        Path workloads = file("""
                - { name: %s, team: ads-ranking, kind: batch, gpus: 1, accelerators: [H100], work: { duration: 30m } }
                - name: %s
                  team: ads-ranking
                  kind: batch
                  gpus: 1
                  accelerators: { Z9000: 1.0 }
                  work: { duration: 30m }
                """.formatted(good, unique("bad")));
        Run run = admin("submit", workloads.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains(good, "created", "refused", "1 created, 0 already there, 1 refused.");
        assertThat(run.err()).contains("workload 2", "(HTTP 422 invalid)", workloads + ":6:19: [1].accelerators.Z9000: 'Z9000' is not a known accelerator");
    }

    @Test
    void aFileWithProblemsSendsNothing() throws IOException {
        Path workloads = file("""
                workloads:
                  - { name: fine, team: ads-ranking, kind: batch, gpus: 1, accelerators: [H100], work: { duration: 30m } }
                  - { name: typo, team: ads-ranking, kind: batchy, gpus: 1, accelerators: [H100], work: { duration: 30m } }
                """);
        Run run = CliTest.qm("submit", workloads.toString(), "--server", "http://127.0.0.1:1", "--token", "unused");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains(workloads + ":3:", "workloads[1].kind", "did you mean 'batch'", "nothing was submitted");
    }

    @Test
    void statusShowsAFinishedWorkloadAndTheListAsTableAndJson() throws IOException {
        String name = unique("status");
        String id = submitOne(name, "2h");
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("succeeded"));

        Run one = admin("status", id);
        assertThat(one.status()).isZero();
        assertThat(one.out()).contains("Workload   " + id + "  " + name, "State      succeeded", "History", "pending", "running",
                "Dispatches", "Cost       $");
        JsonNode detail = json(admin("status", "-o", "json", id));
        assertThat(detail.get("workload").get("name").asText()).isEqualTo(name);
        assertThat(detail.get("history").findValuesAsText("to")).endsWith("succeeded");
        assertThat(detail.get("dispatches")).hasSize(1);
        assertThat(detail.get("dollars").asDouble()).isPositive();

        Run list = admin("status", "--team", "ads-ranking", "--state", "succeeded", "--kind", "batch", "--limit", "500");
        assertThat(list.status()).isZero();
        assertThat(list.out()).contains("ID", "STATE", "SUBMITTED").contains(id + "  " + name);
        JsonNode page = json(admin("status", "-o", "json", "--state", "succeeded", "--limit", "500"));
        assertThat(page.get("items").findValuesAsText("id")).contains(id);
        assertThat(page.get("items").findValuesAsText("state")).containsOnly("succeeded");
    }

    @Test
    void costShowsWhatFinishedRunsCost() throws IOException {
        String id = submitOne(unique("cost"), "1h");
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("succeeded"));

        JsonNode byTeam = json(admin("cost", "-o", "json", "--by", "team"));
        assertThat(byTeam.get("by").asText()).isEqualTo("team");
        List<String> teams = byTeam.get("lines").findValuesAsText("key");
        assertThat(teams).contains("ads-ranking");
        Run table = admin("cost", "--by", "pool");
        assertThat(table.status()).isZero();
        assertThat(table.out()).contains("Cost by pool", "POOL", "COST", "GPU-HOURS", "RUNS", "/h100", "total");
        Run later = admin("cost", "--from", "2999-01-01");
        assertThat(later.out()).contains("No runs charged from 2999-01-01 00:00:00.");
        assertThat(admin("cost", "--by", "colour").status()).isEqualTo(2);
    }

    @Test
    void queueWhyAndCancel() throws IOException {
        String first = unique("hog");
        String second = unique("hog");
        JsonNode submitted = json(admin("submit", "-o", "json", file("""
                workloads:
                  - { name: %s, team: data-science, kind: batch, gpus: 256, accelerators: { MI300X: 1.0 }, work: { duration: 100h } }
                  - { name: %s, team: data-science, kind: batch, gpus: 256, accelerators: { MI300X: 1.0 }, work: { duration: 100h } }
                """.formatted(first, second)).toString()));
        List<String> ids = submitted.findValuesAsText("id");
        try {
            // Two gangs of the team's whole MI300X quota: one runs, the other waits for it.
            await().atMost(Duration.ofSeconds(30)).until(() -> json(admin("queue", "-o", "json", "--team", "data-science")).findValuesAsText("verdict")
                    .stream().anyMatch(v -> v.contains("MI300X")));
            String waiting = json(admin("status", "-o", "json", "--state", "pending", "--team", "data-science")).get("items").get(0).get("id").asText();
            assertThat(ids).contains(waiting);

            Run queue = admin("queue", "--team", "data-science");
            assertThat(queue.status()).isZero();
            assertThat(queue.out()).contains("#", "WAITING FOR", waiting, "MI300X");
            Run why = admin("why", waiting);
            assertThat(why.status()).isZero();
            assertThat(why.out()).contains("Workload " + waiting + " is pending.", "Verdict: ", "dc-east-1/mi300x");
            assertThat(json(admin("why", "-o", "json", waiting)).get("explanation").size()).isGreaterThan(1);

            Run cancelled = admin("cancel", waiting);
            assertThat(cancelled.status()).as(cancelled.err()).isZero();
            assertThat(cancelled.out()).contains("Workload " + waiting + " is cancelled.");
            Run twice = admin("cancel", waiting);
            assertThat(twice.status()).isEqualTo(1);
            assertThat(twice.err()).contains("has already ended: it is cancelled", "409");
        } finally {
            ids.forEach(id -> admin("cancel", id));
        }
    }

    @Test
    void aMemberCannotCancelAnotherTeamsWorkload() throws IOException {
        String id = submitOne(unique("not-yours"), "100h");
        try {
            Run run = qm(TestServer.token("member", "data-science"), "cancel", id);
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err()).contains("workload " + id + " does not exist", "404");
            assertThat(state(id)).isNotEqualTo("cancelled");
        } finally {
            admin("cancel", id);
        }
    }

    @Test
    void tokensAreCreatedListedAndRevoked() {
        String name = unique("ci-bot");
        JsonNode created = json(admin("token", "create", "-o", "json", "--name", name, "--role", "member", "--team", "data-science"));
        String secret = created.get("token").asText();
        long id = created.get("id").asLong();
        assertThat(qm(secret, "status", "--team", "data-science").status()).isZero();

        Run list = admin("token", "list");
        assertThat(list.out()).contains("ID", "ROLE", "REVOKED", name, "member", "data-science");
        Run table = admin("token", "create", "--name", unique("viewer"), "--role", "viewer");
        assertThat(table.out()).contains("shown this once", "export QM_TOKEN=qm_");

        Run revoked = admin("token", "revoke", Long.toString(id));
        assertThat(revoked.status()).isZero();
        assertThat(revoked.out()).contains("Token " + id + " revoked.");
        JsonNode listed = json(admin("token", "list", "-o", "json"));
        List<JsonNode> mine = new ArrayList<>();
        listed.forEach(t -> {
            if (t.get("id").asLong() == id) {
                mine.add(t);
            }
        });
        assertThat(mine).singleElement().satisfies(t -> assertThat(t.get("revokedAt").isNull()).isFalse());

        Run refused = qm(secret, "status");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("the token is unknown or revoked", "401", "QM_TOKEN");
        Run notAdmin = qm(TestServer.token("viewer", null), "token", "list");
        assertThat(notAdmin.status()).isEqualTo(1);
        assertThat(notAdmin.err()).contains("only an admin may do this", "403");
    }

    @Test
    void noServerExitsThreeAndSaysWhere() {
        Run run = CliTest.qm("status", "--server", "http://127.0.0.1:1", "--token", "whatever");
        assertThat(run.status()).isEqualTo(3);
        assertThat(run.err()).contains("cannot reach the server at http://127.0.0.1:1", "qm serve");
    }

    @Test
    void noTokenExitsFourAndSaysWhatToSet() {
        Run run = CliTest.qm("queue", "--server", TestServer.url(), "--token", "");
        assertThat(run.status()).isEqualTo(4);
        assertThat(run.err()).contains("QM_TOKEN");
    }

    @Test
    void wrongCommandLinesExitTwo() {
        assertThat(CliTest.qm("status", "--server", "not a url", "--token", "t").status()).isEqualTo(2);
        assertThat(CliTest.qm("status", "some-id", "--team", "x", "--token", "t").status()).isEqualTo(2);
        assertThat(CliTest.qm("cancel").status()).isEqualTo(2);
        assertThat(CliTest.qm("token").status()).isEqualTo(2);
        assertThat(CliTest.qm("cost", "--from", "yesterday").status()).isEqualTo(2);
    }

    @Test
    void anEmptyAnswerNamesTheFiltersAskedFor() {
        Run queue = admin("queue", "--team", "nobody");
        assertThat(queue.status()).isZero();
        assertThat(queue.out()).isEqualTo("Nothing of team 'nobody' is pending.\n");
        Run list = admin("status", "--team", "nobody", "--state", "running");
        assertThat(list.status()).isZero();
        assertThat(list.out()).isEqualTo("No workloads match (team nobody, state running).\n");
    }

    @Test
    void aDatabaseUrlServeCannotReadExitsTwoWithoutShowingItsPassword() {
        Run run = CliTest.qm("serve", "--database-url", "mysql://admin:hunter2@db:3306/qm");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--database-url must look like jdbc:postgresql://HOST:PORT/DATABASE or postgres://",
                "mysql://admin:***@db:3306/qm").doesNotContain("hunter2");
    }
}
