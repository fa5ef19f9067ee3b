package dev.quartermaster.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 reliability: {@code qm serve} runs as a separate process and is killed with SIGKILL three times, at moments
 * drawn from a seeded random, while several clients submit with idempotency keys (a submission whose answer was lost is
 * retried with the same key). Each time it is restarted on the same data directory, where the PostgreSQL the dead
 * server left running must be stopped and started again. At the end the store must hold every acknowledged submission
 * exactly once, no workload may ever have had two attempts open at once, and every workload must finish.
 */
class KillNineTest {

    private static final long SEED = 20261129L;
    private static final int CLIENTS = 4;
    private static final int KILLS = 3;
    private static final String[] TEAMS = {"ads-ranking", "data-science", "assistant-serving", "post-training"};
    private static final Pattern TOKEN = Pattern.compile("export QM_TOKEN=(\\S+)");
    private static final Pattern PG_PORT = Pattern.compile("embedded PostgreSQL in .* \\(port (\\d+)\\)");

    @TempDir
    Path dataDir;

    /** One run of {@code qm serve} in its own JVM, its output collected line by line. */
    private static final class ServerProcess {
        final Process process;
        final List<String> output = new CopyOnWriteArrayList<>();
        final CountDownLatch listening = new CountDownLatch(1);
        final AtomicReference<String> token = new AtomicReference<>();
        final AtomicReference<Integer> pgPort = new AtomicReference<>();

        ServerProcess(Path dataDir, int port) throws IOException {
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), "dev.quartermaster.cli.Main",
                    "serve", "--data-dir", dataDir.toString(), "--port", Integer.toString(port), "--speed", "3600", "--tick-ms", "50");
            builder.redirectErrorStream(true);
            process = builder.start();
            Thread.ofPlatform().daemon().name("qm-serve-output").start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        output.add(line);
                        Matcher t = TOKEN.matcher(line);
                        if (t.find()) {
                            token.set(t.group(1));
                        }
                        Matcher p = PG_PORT.matcher(line);
                        if (p.find()) {
                            pgPort.set(Integer.parseInt(p.group(1)));
                        }
                        if (line.contains("qm: listening on")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // the process died
                }
            });
        }

        void awaitListening() throws InterruptedException {
            long began = System.nanoTime();
            try {
                awaitListening(began);
            } finally {
                System.out.printf("kill -9 test: qm serve took %d ms to listen%n", (System.nanoTime() - began) / 1_000_000);
            }
        }

        private void awaitListening(long began) throws InterruptedException {
            long deadline = began + TimeUnit.SECONDS.toNanos(60);
            while (!listening.await(50, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    fail("qm serve did not start (alive: " + process.isAlive() + "):\n" + String.join("\n", output));
                }
            }
        }

        /** The admin token printed right after the first start's "listening" line. */
        String awaitToken() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (token.get() == null && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return token.get();
        }

        /** SIGKILL: Process.destroyForcibly on Linux; a process killed by signal 9 exits with 128 + 9. */
        void killNine() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the killed server exits").isTrue();
            assertThat(process.exitValue()).as("exit status of a SIGKILLed process").isEqualTo(137);
        }
    }

    /** What the clients were told: idempotency key -> workload id, for every 2xx answer. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger retriedAndFound = new AtomicInteger();
    private final List<Throwable> clientErrors = new CopyOnWriteArrayList<>();

    @Test
    void killedThreeTimesWhileTakingWorkLosesNothingAndNeverRunsAnythingTwice() throws Exception {
        Random random = new Random(SEED);
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        ServerProcess server = new ServerProcess(dataDir, port);
        List<ServerProcess> all = new ArrayList<>(List.of(server));
        Thread[] clients = new Thread[CLIENTS];
        AtomicBoolean submitting = new AtomicBoolean(true);
        try {
            server.awaitListening();
            String token = server.awaitToken();
            assertThat(token).as("the first start prints an admin token").isNotNull();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                long clientSeed = random.nextLong();
                clients[c] = Thread.ofPlatform().name("kill9-client-" + c).start(() -> submitLoop(http, base, token, client, new Random(clientSeed), submitting));
            }
            for (int kill = 0; kill < KILLS; kill++) {
                Thread.sleep(500 + random.nextInt(1000));
                server.killNine();
                assertThat(server.process.isAlive()).isFalse();
                // kill -9 does not reach the PostgreSQL the server started: the next server must stop it.
                Optional<ProcessHandle> orphan = postgresLeftRunning(dataDir);
                assertThat(orphan).as("PostgreSQL outlives the killed server").isPresent();
                Thread.sleep(random.nextInt(300));
                server = new ServerProcess(dataDir, port);
                all.add(server);
                server.awaitListening();
                assertThat(server.token.get()).as("a restart makes no new admin token").isNull();
                assertThat(orphan.get().isAlive()).as("the orphaned PostgreSQL was stopped").isFalse();
                assertThat(postgresLeftRunning(dataDir)).as("a new PostgreSQL runs").isPresent();
            }
            Thread.sleep(300 + random.nextInt(300));
            submitting.set(false);
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(client.isAlive()).as("client finished").isFalse();
            }
            assertThat(clientErrors).isEmpty();
            assertThat(acknowledged).as("submissions acknowledged").hasSizeGreaterThanOrEqualTo(2 * CLIENTS);

            Integer pgPort = server.pgPort.get();
            assertThat(pgPort).as("the store's port is printed").isNotNull();
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "")) {
                everyAcknowledgedSubmissionIsStoredOnce(db);
                awaitAllFinished(db, Duration.ofSeconds(20));
                attemptsNeverOverlap(db);
                historiesAreWhole(db);
            }
            String some = acknowledged.values().iterator().next();
            HttpResponse<String> detail = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/workloads/" + some))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(detail.statusCode()).isEqualTo(200);
            assertThat(detail.body()).contains("\"state\":\"succeeded\"");
            System.out.printf("kill -9 test: %d acknowledged, %d retried after a failed call, %d of them found already stored%n",
                    acknowledged.size(), retried.get(), retriedAndFound.get());

            // A clean stop: the shutdown hook stops the embedded PostgreSQL too.
            server.process.destroy();
            assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).as("a SIGTERMed server stops").isTrue();
            assertThat(postgresLeftRunning(dataDir)).as("PostgreSQL stopped with the server").isEmpty();
        } finally {
            submitting.set(false);
            for (Thread client : clients) {
                if (client != null) {
                    client.interrupt();
                }
            }
            for (ServerProcess p : all) {
                if (p.process.isAlive()) {
                    p.process.destroy();
                    if (!p.process.waitFor(30, TimeUnit.SECONDS)) {
                        p.process.destroyForcibly();
                    }
                }
            }
            // A server killed last leaves its PostgreSQL running: stop the one this test started.
            postgresLeftRunning(dataDir).ifPresent(pg -> {
                pg.destroy();
                pg.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }

    /** Submits workloads until told to stop; each key is retried until it is acknowledged. */
    private void submitLoop(HttpClient http, String base, String token, int client, Random random, AtomicBoolean submitting) {
        try {
            for (int n = 0; submitting.get(); n++) {
                String key = "kill9-" + client + "-" + n;
                String team = TEAMS[client % TEAMS.length];
                int minutes = 5 + random.nextInt(90);
                String document = """
                        {"name": "k9-%d-%d", "team": "%s", "kind": "batch", "gpus": 8, "accelerators": {"H100": 1.0}, "work": {"duration": "%dm"}}
                        """.formatted(client, n, team, minutes);
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/workloads"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .header("Idempotency-Key", key).timeout(Duration.ofSeconds(15))
                        .POST(HttpRequest.BodyPublishers.ofString(document)).build();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                boolean retry = false;
                while (true) {
                    HttpResponse<String> response = null;
                    try {
                        response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        // the answer was lost (the server died, or is starting): the same key again
                    }
                    if (response != null && response.statusCode() / 100 == 2) {
                        String id = response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                        String before = acknowledged.putIfAbsent(key, id);
                        if (before != null && !before.equals(id)) {
                            throw new AssertionError("key " + key + " acknowledged as " + before + " and as " + id);
                        }
                        if (retry && response.statusCode() == 200) {
                            retriedAndFound.incrementAndGet();
                        }
                        break;
                    }
                    if (response != null && response.statusCode() != 503) {
                        throw new AssertionError("submission " + key + " refused: " + response.statusCode() + " " + response.body());
                    }
                    if (!retry) {
                        retried.incrementAndGet();
                    }
                    retry = true;
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("submission " + key + " never acknowledged");
                    }
                    Thread.sleep(50);
                }
                Thread.sleep(40 + random.nextInt(80));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            clientErrors.add(e);
        }
    }

    private void everyAcknowledgedSubmissionIsStoredOnce(Connection db) throws SQLException {
        Map<String, List<String>> stored = new HashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("select idempotency_key, id from workloads where idempotency_key like 'kill9-%'")) {
            while (rs.next()) {
                stored.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
            assertThat(stored.get(ack.getKey())).as("rows for acknowledged key %s", ack.getKey()).containsExactly(ack.getValue());
        }
        // Every client retries each key until it is acknowledged, so nothing else is stored.
        assertThat(stored.keySet()).as("stored keys").isEqualTo(acknowledged.keySet());
    }

    private static void awaitAllFinished(Connection db, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, Long> states;
        while (true) {
            states = new HashMap<>();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select state, count(*) from workloads group by state")) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getLong(2));
                }
            }
            if (states.keySet().stream().allMatch(st -> st.equals("SUCCEEDED")) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(states.keySet()).as("every workload succeeds after the last restart: " + states).containsOnly("SUCCEEDED");
    }

    /** Per workload, each attempt ends before the next is dispatched; none is left open once all have finished. */
    private static void attemptsNeverOverlap(Connection db) throws SQLException {
        record Attempt(int number, Instant dispatched, Instant ended) {}
        Map<String, Map<Integer, Attempt>> attempts = new HashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("select workload_id, attempt, min(dispatched_at), max(ended_at), bool_or(ended_at is null) "
                        + "from placements group by workload_id, attempt")) {
            while (rs.next()) {
                attempts.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .put(rs.getInt(2), new Attempt(rs.getInt(2), rs.getTimestamp(3).toInstant(), rs.getBoolean(5) ? null : rs.getTimestamp(4).toInstant()));
            }
        }
        int restarted = 0;
        for (Map.Entry<String, Map<Integer, Attempt>> e : attempts.entrySet()) {
            List<Attempt> ordered = e.getValue().values().stream().sorted(Comparator.comparingInt(Attempt::number)).toList();
            restarted += ordered.size() > 1 ? 1 : 0;
            for (int i = 0; i < ordered.size(); i++) {
                Attempt a = ordered.get(i);
                assertThat(a.ended()).as("%s attempt %d has ended", e.getKey(), a.number()).isNotNull();
                if (i + 1 < ordered.size()) {
                    Attempt next = ordered.get(i + 1);
                    assertThat(a.ended()).as("%s attempt %d ends before attempt %d is dispatched", e.getKey(), a.number(), next.number())
                            .isBeforeOrEqualTo(next.dispatched());
                }
            }
        }
        System.out.printf("kill -9 test: %d workloads dispatched, %d of them more than once%n", attempts.size(), restarted);
        assertThat(restarted).as("some work was running when the server was killed").isPositive();
    }

    /** Each workload's transitions form one chain from its submission to the state it is in. */
    private static void historiesAreWhole(Connection db) throws SQLException {
        Map<String, String> states = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select id, state from workloads")) {
            while (rs.next()) {
                states.put(rs.getString(1), rs.getString(2));
            }
        }
        Map<String, String> last = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select workload_id, from_state, to_state from transitions order by id")) {
            while (rs.next()) {
                String id = rs.getString(1);
                String from = rs.getString(2);
                String to = rs.getString(3);
                assertThat(from).as("%s moves from the state it was in", id).isEqualTo(last.get(id));
                if (from != null) {
                    assertThat(dev.quartermaster.lifecycle.Status.valueOf(from).canMoveTo(dev.quartermaster.lifecycle.Status.valueOf(to)))
                            .as("%s: %s -> %s", id, from, to).isTrue();
                }
                last.put(id, to);
            }
        }
        assertThat(last).as("the last transition of each workload is its state").isEqualTo(states);
    }

    /** The PostgreSQL that {@code postmaster.pid} in the data directory names, if it still runs. */
    private static Optional<ProcessHandle> postgresLeftRunning(Path dataDir) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
