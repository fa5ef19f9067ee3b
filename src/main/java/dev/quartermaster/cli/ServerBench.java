package dev.quartermaster.cli;

import dev.quartermaster.bench.ServerBenchmark;
import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.server.Server;
import dev.quartermaster.server.ServerOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qm bench server}: durable submissions per second on loopback, and their latency. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Submissions per second on loopback, each acknowledged only once durable, with latency percentiles.",
            "Starts a server in this process on a fresh embedded PostgreSQL (a temporary directory), or measures",
            "--server URL with --token (or QM_TOKEN)."})
final class ServerBench implements Callable<Integer> {

    @Option(names = "--server", description = "a running server to measure instead of starting one")
    String server;

    @Option(names = "--token", defaultValue = "${env:QM_TOKEN}", description = "its token (or QM_TOKEN)")
    String token;

    @Option(names = "--team", defaultValue = "ads-ranking", description = "the team the work is submitted for (default ${DEFAULT-VALUE})")
    String team;

    @Option(names = "--clients", defaultValue = "80", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seconds", defaultValue = "30", description = "measured seconds (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warm-up", defaultValue = "45", description = "seconds of warm-up first, until the JIT compiler has settled (default ${DEFAULT-VALUE})")
    int warmUp;

    @Mixin
    Output output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = output.out();
        PrintWriter err = output.err();
        if (clients < 1 || clients > 10_000 || seconds < 1 || warmUp < 0) {
            err.println("qm bench server: --clients must be from 1 to 10000, --seconds at least 1, --warm-up at least 0");
            return Main.USAGE;
        }
        Server started = null;
        String url = server;
        String secret = token;
        if (url == null) {
            Path dir = Files.createTempDirectory("qm-bench-server");
            err.println("... starting a server on an embedded PostgreSQL in " + dir);
            started = Server.start(new ServerOptions(dir, null, null, null, null, "127.0.0.1", 0, Policies.byName("cost"), 1, 1,
                    Duration.ofMillis(200)), line -> err.println("... " + line));
            url = "http://127.0.0.1:" + started.port();
            secret = started.adminToken();
        } else if (secret == null || secret.isBlank()) {
            err.println("qm bench server: --server needs a token: --token or QM_TOKEN");
            return Main.USAGE;
        }
        ServerBenchmark.Result r;
        try {
            r = ServerBenchmark.run(url, secret, team, clients, Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds), line -> {
                err.println("... " + line);
                err.flush();
            });
        } finally {
            if (started != null) {
                started.close();
            }
        }
        if (output.json()) {
            out.println(Output.toJson(r));
        } else {
            Table table = new Table("MEASURE", "VALUE");
            table.row("server", r.server() + (started == null ? "" : " (started here, embedded PostgreSQL)"));
            table.row("clients", Integer.toString(r.clients()));
            table.row("acknowledged submissions", String.format(Locale.ROOT, "%,d in %.0f s (%,d errors)", r.submitted(), r.seconds(), r.errors()));
            table.row("submissions per second", String.format(Locale.ROOT, "%,.0f", r.perSecond()));
            table.row("latency p50 / p99 / p99.9", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms", r.p50Millis(), r.p99Millis(), r.p999Millis()));
            table.row("latency max", String.format(Locale.ROOT, "%.1f ms", r.maxMillis()));
            out.print(table.render());
        }
        out.flush();
        return 0;
    }
}
