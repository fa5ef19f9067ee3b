package dev.quartermaster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quartermaster.server.TestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The stream of every workload's transitions: live, in order, and a member's holds only its team's. */
class AllEventsTest {

    private static List<String> follow(String token, List<String> lines) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestServer.url() + "/api/v1/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data:")) {
                        lines.add(line);
                    }
                }
            } catch (Exception ignored) {
                // the test ends
            }
        });
        return lines;
    }

    @Test
    void everyTransitionArrivesLiveAndAMemberSeesOnlyItsTeam() throws Exception {
        String member = TestServer.token("member", "data-science");
        List<String> all = follow(TestServer.adminToken(), new CopyOnWriteArrayList<>());
        List<String> mine = follow(member, new CopyOnWriteArrayList<>());
        Thread.sleep(300);
        String ours = Http.submit(TestServer.adminToken(), "all-events-ours", "data-science", 1);
        String theirs = Http.submit(TestServer.adminToken(), "all-events-theirs", "ads-ranking", 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> all.stream().anyMatch(l -> l.contains(theirs) && l.contains("\"to\":\"succeeded\""))
                && mine.stream().anyMatch(l -> l.contains(ours) && l.contains("\"to\":\"succeeded\"")));
        assertThat(all).anyMatch(l -> l.contains(ours) && l.contains("\"to\":\"pending\""));
        assertThat(mine).noneMatch(l -> l.contains(theirs));
        List<String> oursInOrder = all.stream().filter(l -> l.contains(ours)).map(l -> l.replaceAll(".*\"to\":\"([a-z]+)\".*", "$1")).toList();
        assertThat(oursInOrder).containsSubsequence("pending", "admitted", "dispatched", "running", "succeeded");
    }

    @Test
    void aMemberAskingForAnotherTeamsStreamIsRefused() {
        String member = TestServer.token("member", "data-science");
        HttpResponse<String> r = TestServer.send(HttpRequest.newBuilder(URI.create(TestServer.url() + "/api/v1/events?team=ads-ranking"))
                .header("Authorization", "Bearer " + member).build());
        assertThat(r.statusCode()).isEqualTo(403);
    }
}
