package dev.quartermaster.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The server-sent events of a workload: its past transitions, then live ones, and the stream ends when it does. */
class EventsTest {

    /** One event as received, with when it arrived. */
    record Received(long id, String event, String from, String to, long arrivedNanos) {}

    /** A stream being read on its own thread; {@link #events} completes when the server ends it. */
    record Feed(HttpResponse<Stream<String>> response, CompletableFuture<List<Received>> events) {}

    private static Feed open(String id, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestServer.url() + "/api/v1/workloads/" + id + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<Stream<String>> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        CompletableFuture<List<Received>> events = CompletableFuture.supplyAsync(() -> read(response.body()));
        return new Feed(response, events);
    }

    /** Reads "event:", "id:" and "data:" lines until the stream ends; a blank line ends an event. */
    private static List<Received> read(Stream<String> lines) {
        List<Received> events = new ArrayList<>();
        String[] current = new String[3];
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if (current[2] != null) {
                    JsonNode data = Http.json(current[2]);
                    events.add(new Received(Long.parseLong(current[1]), current[0], data.path("from").asText(null), data.path("to").asText(),
                            System.nanoTime()));
                    assertThat(data.path("id").asLong()).isEqualTo(Long.parseLong(current[1]));
                }
                current[0] = current[1] = current[2] = null;
            } else if (line.startsWith("event:")) {
                current[0] = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
                current[1] = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                current[2] = line.substring(5).trim();
            }
        });
        return events;
    }

    private static List<Received> finish(Feed stream) throws Exception {
        assertThat(stream.response().statusCode()).isEqualTo(200);
        assertThat(stream.response().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        return stream.events().get(20, TimeUnit.SECONDS);
    }

    private static List<String> states(List<Received> events) {
        return events.stream().map(Received::to).toList();
    }

    @Test
    void aStreamSendsThePastThenLiveTransitionsAndEndsWithTheWorkload() throws Exception {
        String admin = TestServer.adminToken();
        String member = TestServer.token("member", "ads-ranking");
        // Three hours of work: three seconds at 3600x.
        String id = Http.submit(admin, "events-run", "ads-ranking", 180);
        Feed fromTheStart = open(id, admin);
        Http.awaitStatus(id, Status.RUNNING);
        Feed whileRunning = open(id, member);

        List<Received> all = finish(fromTheStart);
        List<Received> late = finish(whileRunning);
        List<String> path = List.of("pending", "admitted", "dispatched", "running", "succeeded");
        assertThat(states(all)).isEqualTo(path);
        assertThat(states(late)).isEqualTo(path);
        assertThat(all).allSatisfy(e -> assertThat(e.event()).isEqualTo("transition"));
        assertThat(all.get(0).from()).isNull();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).id()).isGreaterThan(all.get(i - 1).id());
            assertThat(all.get(i).from()).isEqualTo(all.get(i - 1).to());
        }
        assertThat(late.stream().map(Received::id).toList()).isEqualTo(all.stream().map(Received::id).toList());
        // The late stream got the past at once, and the end live, about three seconds later.
        long liveAfter = late.get(4).arrivedNanos() - late.get(3).arrivedNanos();
        assertThat(Duration.ofNanos(liveAfter)).isGreaterThan(Duration.ofMillis(500));

        // After the end: the whole history, and the stream ends at once.
        long before = System.nanoTime();
        List<Received> after = finish(open(id, admin));
        assertThat(states(after)).isEqualTo(path);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCancelledWorkloadsStreamEndsWithTheCancel() throws Exception {
        String admin = TestServer.adminToken();
        String id = Http.submit(admin, "events-cancel", "ads-ranking", 6000);
        Http.awaitStatus(id, Status.RUNNING);
        Feed stream = open(id, admin);
        Thread.sleep(200);
        assertThat(stream.events()).isNotDone();
        Http.ok(Http.post("/api/v1/workloads/" + id + "/cancel", admin, null), 200);
        List<Received> events = finish(stream);
        assertThat(states(events)).endsWith("running", "cancelled");
    }
}
