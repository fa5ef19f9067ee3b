package dev.quartermaster.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.store.Database;
import dev.quartermaster.store.Store;
import dev.quartermaster.store.UsageStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Fair share's memory of past usage outlives a restart: the server keeps it in the store and goes on from it. */
class FairShareRestartTest {

    private static Server start(Path dir) {
        return Server.start(new ServerOptions(dir, null, null, null, null, "127.0.0.1", 0, Policies.byName("fair"), 1, 3600,
                Duration.ofMillis(100)), line -> {});
    }

    private static UsageStore.Saved saved(Path dir) {
        try (Store store = Store.open(Database.embedded(dir))) {
            return store.usage().load().orElseThrow();
        }
    }

    @Test
    void aRestartedServerGoesOnFromTheUsageBeforeIt() throws Exception {
        Path dir = Files.createTempDirectory("qm-fair-share");
        Server first = start(dir);
        String id;
        try {
            // An hour of work on 8 GPUs, at 3600x: it runs about a second of wall time, which fair share counts.
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/api/v1/workloads"))
                    .header("Authorization", "Bearer " + first.adminToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"name": "fair-share-restart", "team": "ads-ranking", "kind": "batch", "gpus": 8,
                             "accelerators": {"H100": 1.0}, "work": {"duration": "1h"}}""")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            await().atMost(Duration.ofSeconds(30)).until(() -> first.store().workloads().find(id).orElseThrow().status() == Status.SUCCEEDED);
        } finally {
            first.close();
        }
        UsageStore.Saved before = saved(dir);
        double used = before.gpuHours().get("ads-ranking").get("H100");
        assertThat(used).as("8 GPUs for about a second, in GPU-hours").isBetween(0.0005, 0.05);
        assertThat(before.gpuHours().get("pretrain").get("H100")).isZero();

        // Nothing runs in the second server: what it keeps when it stops is only what it carried over.
        start(dir).close();
        UsageStore.Saved after = saved(dir);
        assertThat(after.asOf()).isAfter(before.asOf());
        assertThat(after.gpuHours().get("ads-ranking").get("H100")).as("decayed by seconds of a week's half-life")
                .isCloseTo(used, org.assertj.core.data.Percentage.withPercentage(1));
    }
}
