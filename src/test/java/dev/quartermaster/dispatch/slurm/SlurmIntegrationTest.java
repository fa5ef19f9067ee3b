package dev.quartermaster.dispatch.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.Server;
import dev.quartermaster.server.ServerOptions;
import dev.quartermaster.server.TestServer;
import dev.quartermaster.store.Dispatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Quartermaster against a REAL Slurm: the single-node Slurm with slurmrestd that {@code .ci/slurm-up} starts (CI runs
 * it before the tests). Where it is not running these tests are skipped, saying so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmIntegrationTest {

    private static final URI SLURMRESTD = URI.create("http://127.0.0.1:6820");
    private static Server server;
    private static SlurmClient slurm;
    private static String url;
    private static String admin;
    private static ServerOptions options;
    /** Why the tests cannot run here, or null when Slurm answers. */
    private static String absent;

    @BeforeAll
    static void startAgainstTheLocalSlurm() throws Exception {
        String token = SlurmProcesses.token();
        if (token == null) {
            absent = "Slurm is not running here (no scontrol, or it cannot make a token): start it with .ci/slurm-up as root";
            return;
        }
        slurm = new SlurmClient(SLURMRESTD, "root", () -> token, Duration.ofSeconds(5));
        try {
            slurm.ping();
        } catch (SlurmException e) {
            absent = "slurmrestd does not answer at " + SLURMRESTD + " (" + e.getMessage() + "): start it with .ci/slurm-up as root";
            return;
        }
        Path dir = Files.createTempDirectory("qm-slurm-test");
        Path tokenFile = dir.resolve("slurm.jwt");
        Files.writeString(tokenFile, token);
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, Files.readString(Path.of("examples/fleet-local-slurm.yaml"))
                .replace("token: { env: SLURM_JWT }", "token: { file: \"" + tokenFile + "\" }"));
        options = new ServerOptions(dir, null, null, null, fleet, "127.0.0.1", 0, Policies.byName("cost"), 1, 3600, Duration.ofMillis(100));
        server = Server.start(options, line -> {});
        url = "http://127.0.0.1:" + server.port();
        admin = server.adminToken();
    }

    @org.junit.jupiter.api.BeforeEach
    void onlyWithSlurm() {
        Assumptions.assumeTrue(absent == null, () -> "SKIPPED, Slurm absent: " + absent);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aWorkloadSubmittedToQuartermasterRunsInSlurmAndSucceeds() throws Exception {
        String id = submit("slurm-ok", 2, "sleep 1");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id) == Status.SUCCEEDED);
        Dispatch dispatch = server.store().runs().dispatches(id).get(0);
        assertThat(dispatch.cluster()).isEqualTo("slurm-local");
        assertThat(dispatch.externalId()).matches("\\d+");
        SlurmJob job = slurm.jobs().stream().filter(j -> j.id() == Long.parseLong(dispatch.externalId())).findFirst().orElseThrow();
        assertThat(job.state()).isEqualTo("COMPLETED");
        assertThat(job.comment()).isEqualTo("qm:" + server.installation() + ":" + id + ":1");
        assertThat(job.name()).isEqualTo("qm-" + id);
    }

    @Test
    @Order(2)
    void aCancelReachesSlurm() throws Exception {
        String id = submit("slurm-cancel", 2, "sleep 300");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id) == Status.RUNNING);
        long job = Long.parseLong(server.store().runs().dispatches(id).get(0).externalId());
        HttpResponse<String> cancel = TestServer.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/workloads/" + id + "/cancel"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(cancel.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> slurm.jobs().stream().anyMatch(j -> j.id() == job && j.state().equals("CANCELLED")));
    }

    @Test
    @Order(3)
    void aJobThatDoesNotFitInSlurmStaysPendingAndQuartermasterShowsWhy() throws Exception {
        // Work outside Quartermaster holds all four GPUs of the Slurm node.
        long blocker = slurm.submit(new SlurmClient.Submission("outside-qm", "not ours", "gpu", 1, "h100:4", 5, "#!/bin/bash\nsleep 300\n"));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> slurm.jobs().stream().anyMatch(j -> j.id() == blocker && j.state().equals("RUNNING")));
            String id = submit("slurm-blocked", 2, "sleep 1");
            // Slurm sets the reason at its next scheduling pass.
            await().atMost(Duration.ofSeconds(30)).until(() -> why(id).contains("pending in Slurm") && why(id).contains("Resources"));
            assertThat(status(id)).isEqualTo(Status.DISPATCHED);
            slurm.cancel(blocker);
            await().atMost(Duration.ofSeconds(60)).until(() -> status(id) == Status.SUCCEEDED);
        } finally {
            slurm.cancel(blocker);
        }
    }

    private static String why(String id) {
        return TestServer.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/workloads/" + id + "/why"))
                .header("Authorization", "Bearer " + admin).build()).body();
    }

    @Test
    @Order(4)
    void whileSlurmrestdIsDownTheClusterIsUnhealthyAndNewWorkGoesElsewhereThenItComesBack() throws Exception {
        SlurmProcesses.stopRestd();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> poolHealth().contains("\"pool\":\"slurm-local/h100\"") && slurmPoolUnhealthy());
            String id = submit("slurm-failover", 2, "sleep 1");
            await().atMost(Duration.ofSeconds(60)).until(() -> !server.store().runs().dispatches(id).isEmpty());
            assertThat(server.store().runs().dispatches(id).get(0).cluster()).isEqualTo("aws-us-west-2");
        } finally {
            SlurmProcesses.startRestd();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !slurmPoolUnhealthy());
        String id = submit("slurm-back", 2, "sleep 1");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id) == Status.SUCCEEDED);
        assertThat(server.store().runs().dispatches(id).get(0).cluster()).isEqualTo("slurm-local");
    }

    @Test
    @Order(5)
    void aRestartedServerTakesBackWhatRunsInSlurmAndCancelsOrphans() throws Exception {
        String id = submit("slurm-restart", 2, "sleep 8");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id) == Status.RUNNING);
        long orphan = slurm.submit(new SlurmClient.Submission("qm-w-orphan", "qm:" + server.installation() + ":w-orphan:1", "gpu", 1, "h100:1", 5, "#!/bin/bash\nsleep 300\n"));
        // Another control plane's work in the same Slurm is not ours to cancel.
        long others = slurm.submit(new SlurmClient.Submission("qm-w-other", "qm:another-installation:w-other:1", "gpu", 1, "h100:1", 5, "#!/bin/bash\nsleep 300\n"));

        // As if the server had died between Slurm taking the job and the store recording Slurm's job id.
        server.store().jdbi().useHandle(h -> h.execute("update placements set external_id = null where workload_id = ?", id));
        server.close();   // the control plane stops; the work it dispatched goes on in Slurm
        server = Server.start(options, line -> {});
        url = "http://127.0.0.1:" + server.port();

        await().atMost(Duration.ofSeconds(60)).until(() -> status(id) == Status.SUCCEEDED);
        assertThat(server.store().runs().dispatches(id)).as("taken back, never dispatched again").singleElement()
                .satisfies(d -> assertThat(d.outcome()).isEqualTo("succeeded"));
        assertThat(slurm.jobs().stream().filter(j -> ("qm:" + server.installation() + ":" + id + ":1").equals(j.comment()))).as("it ran exactly once").hasSize(1);
        assertThat(server.store().runs().dispatches(id).get(0).externalId()).as("found by its comment").matches("\\d+");
        await().atMost(Duration.ofSeconds(30)).until(() -> slurm.jobs().stream().anyMatch(j -> j.id() == orphan && j.state().equals("CANCELLED")));
        assertThat(slurm.jobs().stream().filter(j -> j.id() == others).findFirst().orElseThrow().isFinal()).isFalse();
        slurm.cancel(others);
    }

    @Test
    @Order(6)
    void theInventorySlurmReportsIsShownBesideTheFleets() {
        String body = TestServer.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/inventory"))
                .header("Authorization", "Bearer " + admin).build()).body().replace(" ", "");
        assertThat(body).contains("\"cluster\":\"slurm-local\"", "\"backend\":\"slurm\"", "\"reachable\":true",
                "\"accelerator\":\"H100\",\"gpus\":4", "\"reportedGpus\":{\"H100\":4}", "\"fleetGpus\":{\"H100\":4}",
                "\"matchesFleet\":true");
    }

    private static boolean slurmPoolUnhealthy() {
        String pools = poolHealth();
        int at = pools.indexOf("\"pool\":\"slurm-local/h100\"");
        int end = pools.indexOf('}', at);
        return pools.substring(at, end).contains("\"healthy\":false");
    }

    private static String poolHealth() {
        return TestServer.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/pools")).header("Authorization", "Bearer " + admin).build()).body()
                .replace(" ", "");
    }

    private static Status status(String id) {
        return server.store().workloads().find(id).orElseThrow().status();
    }

    private static String submit(String name, int gpus, String command) {
        String doc = """
                {"name": "%s", "team": "research", "kind": "batch", "gpus": %d, "accelerators": {"H100": 1.0},
                 "work": {"duration": "1m"}, "run": {"command": "%s"}}""".formatted(name, gpus, command);
        HttpResponse<String> response = TestServer.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/workloads"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(doc)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    /** The local Slurm's processes, driven as .ci/slurm-up does. */
    static final class SlurmProcesses {

        static String token() throws InterruptedException {
            String out = run("scontrol token username=root lifespan=3600 2>/dev/null");
            return out != null && out.startsWith("SLURM_JWT=") ? out.substring("SLURM_JWT=".length()).trim() : null;
        }

        static void stopRestd() throws InterruptedException {
            run("pkill -x slurmrestd; for i in $(seq 1 50); do pgrep -x slurmrestd >/dev/null || exit 0; sleep 0.1; done");
        }

        static void startRestd() throws InterruptedException {
            run("SLURM_JWT=daemon setsid runuser -u slurmrest -- /usr/sbin/slurmrestd -a rest_auth/jwt -s openapi/v0.0.38 127.0.0.1:6820"
                    + " >>/var/log/slurm/slurmrestd.log 2>&1 < /dev/null & for i in $(seq 1 50); do (echo > /dev/tcp/127.0.0.1/6820) 2>/dev/null && exit 0; sleep 0.1; done");
        }

        private static String run(String script) throws InterruptedException {
            try {
                Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                return p.waitFor() == 0 ? out : null;
            } catch (IOException e) {
                return null;
            }
        }

        private SlurmProcesses() {}
    }

}
