package dev.quartermaster.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Submissions per second against a running server on loopback: {@code clients} connections each submit a workload
 * and wait for its answer (201 means durable), again and again, for a warm-up and then for the measured time.
 * Latency is from sending a request to its answer.
 */
public final class ServerBenchmark {

    /** What was measured. */
    public record Result(String server, int clients, double seconds, long submitted, long errors, double perSecond,
            double p50Millis, double p99Millis, double p999Millis, double maxMillis) {}

    private static final String WORKLOAD = """
            {"name": "bench-%d", "team": "%s", "kind": "batch", "gpus": 1, "accelerators": {"H100": 1.0},
             "work": {"duration": "30m"}}""";

    private ServerBenchmark() {}

    public static Result run(String url, String token, String team, int clients, Duration warmUp, Duration measured,
            Consumer<String> progress) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(url + "/api/v1/workloads");
        AtomicInteger sequence = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long warmEnd = System.nanoTime() + warmUp.toNanos();
        long end = warmEnd + measured.toNanos();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                latencies[c] = new long[1 << 16];
                pool.submit(() -> {
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= end) {
                            return;
                        }
                        int n = sequence.incrementAndGet();
                        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json").header("Idempotency-Key", "bench-" + n)
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(WORKLOAD.formatted(n, team))).build();
                        long sent = System.nanoTime();
                        boolean ok;
                        try {
                            ok = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
                        } catch (IOException e) {
                            ok = false;
                        } catch (InterruptedException e) {
                            return;
                        }
                        long took = System.nanoTime() - sent;
                        if (sent >= warmEnd) {
                            if (!ok) {
                                errors.incrementAndGet();
                            } else {
                                if (counts[client] == latencies[client].length) {
                                    latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                                }
                                latencies[client][counts[client]++] = took;
                            }
                        }
                    }
                });
            }
            long reportEvery = 2_000_000_000L;
            long next = System.nanoTime() + reportEvery;
            while (System.nanoTime() < end) {
                Thread.sleep(100);
                if (System.nanoTime() >= next) {
                    next += reportEvery;
                    progress.accept((System.nanoTime() < warmEnd ? "warming up: " : "measuring: ") + sequence.get() + " submitted");
                }
            }
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double seconds = measured.toNanos() / 1e9;
        return new Result(url, clients, seconds, total, errors.get(), total / seconds, millis(all, 0.50), millis(all, 0.99),
                millis(all, 0.999), total == 0 ? 0 : all[total - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
