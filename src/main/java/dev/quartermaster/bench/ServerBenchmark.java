package dev.quartermaster.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
                    Connection connection = null;
                    while (System.nanoTime() < end) {
                        int n = sequence.incrementAndGet();
                        long sent = System.nanoTime();
                        int status;
                        try {
                            if (connection == null) {
                                connection = new Connection(uri);
                            }
                            status = connection.post(uri.getRawPath(), token, "bench-" + n, WORKLOAD.formatted(n, team));
                        } catch (IOException e) {
                            status = -1;
                            if (connection != null) {
                                connection.close();
                            }
                            connection = null;
                        }
                        long took = System.nanoTime() - sent;
                        if (sent < warmEnd) {
                            continue;
                        }
                        if (status != 201) {
                            errors.incrementAndGet();
                        } else {
                            if (counts[client] == latencies[client].length) {
                                latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                            }
                            latencies[client][counts[client]++] = took;
                        }
                    }
                    if (connection != null) {
                        connection.close();
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

    /**
     * One keep-alive HTTP/1.1 connection, as small as a load generator's: it writes a POST and reads the status line,
     * the headers and a Content-Length body. A lighter client than java.net.http leaves more of the machine's two
     * cores to the server being measured.
     */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String host;
        private final byte[] buffer = new byte[8192];
        private int length;
        private int position;

        Connection(URI uri) throws IOException {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            host = uri.getHost() + ":" + uri.getPort();
        }

        int post(String path, String token, String key, String body) throws IOException {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nIdempotency-Key: " + key + "\r\nContent-Length: " + content.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String status = line();
            int contentLength = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    contentLength = Integer.parseInt(header.substring(15).trim());
                }
            }
            for (int i = 0; i < contentLength; i++) {
                read();
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = read(); b != '\n'; b = read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private int read() throws IOException {
            if (position == length) {
                length = in.read(buffer);
                position = 0;
                if (length <= 0) {
                    throw new IOException("the server closed the connection");
                }
            }
            return buffer[position++] & 0xff;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
