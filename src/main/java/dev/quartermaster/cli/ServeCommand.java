package dev.quartermaster.cli;

import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.server.Server;
import dev.quartermaster.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qm serve}: the control plane, on an embedded PostgreSQL by default. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the control plane: the engine, the store (an embedded PostgreSQL in --data-dir, or --database-url),",
            "the simulated backend, and the HTTP API. The first start prints an admin token, once."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "qm-data", description = "Where the embedded PostgreSQL keeps its data (default: ${DEFAULT-VALUE}); kept across restarts")
    Path dataDir;

    @Option(names = "--database-url", defaultValue = "${env:QM_DATABASE_URL}",
            description = "An external PostgreSQL instead: jdbc:postgresql://HOST:PORT/DB or postgres://USER:PASSWORD@HOST:PORT/DB"
                    + " (or QM_DATABASE_URL)")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "${env:QM_DATABASE_USER}", description = "Its user (or QM_DATABASE_USER)")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "${env:QM_DATABASE_PASSWORD}", description = "Its password (or QM_DATABASE_PASSWORD)")
    String databasePassword;

    @Option(names = "--fleet", description = "A fleet document to put in force (default: the stored one; the bundled example the first time)")
    Path fleet;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--policy", defaultValue = "cost", converter = PolicyConverter.class,
            description = "Scheduling policy: fifo, fair, cost, hetero (default: ${DEFAULT-VALUE})")
    Policy policy;

    @Option(names = "--seed", defaultValue = "1", description = "The engine's random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--speed", defaultValue = "1", description = "The simulated backend runs work this many times faster than real time; the ledger charges the work's own hours (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--tick-ms", defaultValue = "1000", description = "At least one scheduling cycle this often, in ms (default: ${DEFAULT-VALUE})")
    long tickMillis;

    @Option(names = "--reports", paramLabel = "DIR",
            description = "Where the dashboard finds HTML reports of qm simulate --report and qm plan --report (default: ./qm-reports when it exists)")
    Path reports;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (tickMillis < 10 || tickMillis > 600_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tick-ms must be from 10 to 600000, not " + tickMillis);
        }
        ServerOptions options;
        try {
            options = new ServerOptions(dataDir, blankToNull(databaseUrl), blankToNull(databaseUser), blankToNull(databasePassword),
                    fleet, host, port, policy, seed, speed, Duration.ofMillis(tickMillis),
                    reports != null ? reports : java.nio.file.Files.isDirectory(Path.of("qm-reports")) ? Path.of("qm-reports") : null);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        Server server;
        try {
            server = Server.start(options, line -> System.out.println("qm: " + line));
        } catch (dev.quartermaster.format.InvalidDocumentException e) {
            System.err.println("qm serve: the fleet is not valid:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return Main.INVALID;
        } catch (java.io.UncheckedIOException e) {
            System.err.println("qm serve: " + e.getMessage());
            return Main.INVALID;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "qm-shutdown"));
        String url = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + server.port();
        if (server.recovered() > 0) {
            System.out.println("qm: " + server.recovered() + " unfinished workloads taken back from the store");
        }
        System.out.println("qm: policy " + policy.name() + ", simulated backend at " + speed + "x real time");
        System.out.println("qm: listening on " + url + "  (dashboard " + url + "/, API " + url + "/api/v1, metrics " + url + "/metrics)");
        if (server.adminToken() != null) {
            System.out.println();
            System.out.println("  First admin token (shown once, stored hashed):");
            System.out.println("    export QM_TOKEN=" + server.adminToken());
            System.out.println();
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
