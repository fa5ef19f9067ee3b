package dev.quartermaster.server;

import dev.quartermaster.api.Api;
import dev.quartermaster.auth.Role;
import dev.quartermaster.dispatch.Backend;
import dev.quartermaster.dispatch.Backends;
import dev.quartermaster.dispatch.SimulatedBackend;
import dev.quartermaster.engine.Engine;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.format.InvalidDocumentException;
import dev.quartermaster.format.Loader;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.store.AuditLog;
import dev.quartermaster.store.Database;
import dev.quartermaster.store.Dispatch;
import dev.quartermaster.store.FleetStore;
import dev.quartermaster.store.LedgerEntry;
import dev.quartermaster.store.RunStore;
import dev.quartermaster.store.Store;
import dev.quartermaster.store.TokenStore;
import dev.quartermaster.store.WorkloadRow;
import dev.quartermaster.store.WorkloadStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A running control plane: the store, the engine on its loop, the simulated backend, and the HTTP API. Starting
 * reconciles what an earlier run left: dispatches that were open are closed (the simulated backend does not outlive
 * its server) and their work is pending again, so nothing runs twice.
 */
public final class Server implements AutoCloseable {

    /** The fleet a server starts with when none is stored and none is given. */
    public static final String BUNDLED_FLEET = "/examples/fleet.yaml";

    private final Store store;
    private final ControlLoop loop;
    private final Backend backend;
    private final GroupCommit commits;
    private final Api api;
    private final String adminToken;
    private final int recovered;
    private final String installation;

    private Server(ServerOptions options, Consumer<String> log) {
        InstantSource clock = InstantSource.system();
        Database database = options.databaseUrl() == null
                ? Database.embedded(options.dataDirectory())
                : Database.external(options.databaseUrl(), options.databaseUser(), options.databasePassword());
        log.accept("store: " + database);
        this.store = Store.open(database);
        try {
            Fleet fleet = fleetInForce(options, clock.instant(), log);
            this.adminToken = store.tokens().anyAdmin() ? null : store.jdbi().inTransaction(h -> {
                TokenStore.Created c = TokenStore.create(h, "admin", Role.ADMIN, null, "qm serve", clock.instant());
                AuditLog.record(h, clock.instant(), "qm serve", "token.create", "token " + c.info().id(), "the first admin token");
                return c.secret();
            });
            Engine engine = new Engine(fleet, options.policy(), clock, new SplittableRandom(options.seed()));
            ServerMetrics metrics = new ServerMetrics(engine.poolUsage(), this::inbox);
            Api[] apiRef = new Api[1];
            this.loop = new ControlLoop(engine, store, clock, options.tickInterval(), turn -> {
                metrics.observe(turn);
                if (apiRef[0] != null && !turn.touched().isEmpty()) {
                    apiRef[0].changed(turn.touched());
                }
            });
            this.installation = dev.quartermaster.store.Installation.id(store.jdbi());
            this.backend = new Backends(fleet, installation, new SimulatedBackend(loop, clock, options.speed()), loop, clock, Duration.ofSeconds(1));
            loop.carryUsage();
            this.recovered = recover(fleet, clock.instant(), log);
            loop.start();
            this.commits = new GroupCommit(store.workloads(), created -> {
                metrics.submitted(created.size());
                loop.submitted(created);
            });
            Backends routed = (Backends) backend;
            ControlPlane plane = new ControlPlane(store, fleet, commits, loop, clock,
                    next -> new Engine(next, options.policy(), clock, new SplittableRandom(options.seed())), routed::configure,
                    routed::inventories);
            this.api = new Api(plane, metrics, () -> loop.halted() == null, options.reportsDirectory()).start(options.host(), options.port());
            apiRef[0] = api;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public static Server start(ServerOptions options, Consumer<String> log) {
        return new Server(options, log);
    }

    private int inbox() {
        return loop == null ? 0 : loop.inboxSize() + (commits == null ? 0 : commits.waiting());
    }

    /** The stored fleet, or the given file's (stored as a new version when it differs), or the bundled example. */
    private Fleet fleetInForce(ServerOptions options, Instant now, Consumer<String> log) {
        var latest = store.fleets().latest();
        String document;
        String source;
        if (options.fleetFile() != null) {
            try {
                document = Files.readString(options.fleetFile());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UncheckedIOException("the fleet " + options.fleetFile() + " does not exist", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the fleet " + options.fleetFile() + ": " + e.getMessage(), e);
            }
            source = options.fleetFile().toString();
        } else if (latest.isPresent()) {
            document = latest.get().document();
            source = "the store (version " + latest.get().version() + ")";
        } else {
            document = bundledFleet();
            source = "the bundled example fleet";
        }
        Fleet fleet = parseFleet(source, document);
        if (latest.isEmpty() || !latest.get().document().equals(document)) {
            long version = store.jdbi().inTransaction(h -> {
                long v = FleetStore.save(h, fleet, document, "qm serve");
                AuditLog.record(h, now, "qm serve", "fleet.replace", "fleet", "version " + v + " from " + source);
                return v;
            });
            log.accept("fleet: " + source + ", stored as version " + version);
        } else {
            log.accept("fleet: " + source);
        }
        return fleet;
    }

    private static Fleet parseFleet(String source, String document) {
        Loader.Loaded loaded = Loader.load(source.endsWith(".json") ? "fleet.json" : "fleet.yaml", document, null);
        if (!loaded.ok() || !loaded.isFleet()) {
            throw new InvalidDocumentException(loaded.problems().isEmpty()
                    ? List.of(new dev.quartermaster.format.Problem(source, 1, 1, "", "is not a fleet document"))
                    : loaded.problems());
        }
        List<dev.quartermaster.format.Problem> unusable = dev.quartermaster.dispatch.Backends.problems(loaded.fleet(), source);
        if (!unusable.isEmpty()) {
            throw new InvalidDocumentException(unusable);
        }
        return loaded.fleet();
    }

    public static String bundledFleet() {
        try (InputStream in = Server.class.getResourceAsStream(BUNDLED_FLEET)) {
            if (in == null) {
                throw new IllegalStateException("the bundled fleet " + BUNDLED_FLEET + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes the dispatches an earlier run left open and hands every unfinished workload back to the engine, pending.
     * A workload whose document no longer fits the fleet fails with the reason.
     */
    private int recover(Fleet fleet, Instant now, Consumer<String> log) {
        List<Dispatch> open = store.runs().open();
        List<WorkloadRow> unfinished = store.workloads().unfinished();
        java.util.Set<String> takenBack = backend.takeBack(open);
        if (unfinished.isEmpty() && open.isEmpty()) {
            loop.recover(List.of(), backend);
            return 0;
        }
        Map<String, List<Dispatch>> running = new java.util.HashMap<>();
        open.stream().filter(d -> takenBack.contains(d.key()))
                .forEach(d -> running.computeIfAbsent(d.workloadId(), k -> new ArrayList<>()).add(d));
        if (!running.isEmpty()) {
            log.accept(running.size() + " workloads still running on their backends were taken back");
        }
        Map<String, Integer> attempts = store.runs().lastAttempts();
        List<WorkloadStore.Step> steps = new ArrayList<>();
        List<ControlLoop.Recovered> work = new ArrayList<>();
        for (WorkloadRow row : unfinished) {
            dev.quartermaster.workload.Workload workload;
            try {
                workload = Loader.workloads("workload " + row.id(), row.document(), fleet).get(0);
            } catch (InvalidDocumentException e) {
                steps.add(new WorkloadStore.Step(row.id(), row.status(), Status.FAILED, now,
                        "no longer valid for the fleet in force: " + e.problems().get(0)));
                continue;
            }
            List<Dispatch> where = running.get(row.id());
            if (where != null && row.status().isDispatched()) {
                where.sort(java.util.Comparator.comparingInt(Dispatch::replica));
                work.add(new ControlLoop.Recovered(row.id(), workload, row.document(), attempts.getOrDefault(row.id(), 0), row.status(),
                        where.stream().map(Dispatches::placement).toList(), where.get(0).startedAt()));
                continue;
            }
            if (row.status() != Status.PENDING) {
                steps.add(new WorkloadStore.Step(row.id(), row.status(), Status.PENDING, now,
                        "requeued at restart: its earlier run was lost"));
            }
            work.add(new ControlLoop.Recovered(row.id(), workload, row.document(), attempts.getOrDefault(row.id(), 0), Status.PENDING,
                    List.of(), null));
        }
        List<Dispatch> lost = open.stream().filter(d -> !takenBack.contains(d.key())).toList();
        Map<String, String> teams = new java.util.HashMap<>();
        unfinished.forEach(row -> teams.put(row.id(), row.team()));
        List<LedgerEntry> charges = lost.stream().filter(d -> d.startedAt() != null && teams.containsKey(d.workloadId()))
                .map(d -> lostRun(d, teams.get(d.workloadId()), now)).toList();
        store.jdbi().useTransaction(h -> {
            RunStore.markEnded(h, lost.stream().map(d -> new RunStore.Mark(d.workloadId(), d.attempt(), now, "lost: the server restarted")).toList());
            RunStore.insertLedger(h, charges);
            WorkloadStore.transition(h, steps);
        });
        loop.recover(work, backend);
        return work.size();
    }

    /**
     * What a run cut off by the end of the earlier server cost: from its start until now, when its job was stopped
     * (the simulated backend's runs end with their server, at most that late).
     */
    private LedgerEntry lostRun(Dispatch d, String team, Instant now) {
        double hours = Duration.between(d.startedAt(), now).toMillis() / 3_600_000.0 * backend.timeScale(d.cluster());
        return new LedgerEntry(d.workloadId(), team, d.provider(), d.tier(), d.pool(), d.accelerator(), d.gpus(), d.startedAt(), now,
                d.gpus() * hours, d.gpus() * hours * d.pricePerGpuHour(), d.priceBasis());
    }

    public int port() {
        return api.port();
    }

    /** The first admin token, when this start created it; null otherwise. Shown once, stored hashed. */
    public String adminToken() {
        return adminToken;
    }

    /** This control plane's id, which marks its work in shared cluster managers. */
    public String installation() {
        return installation;
    }

    public int recovered() {
        return recovered;
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() {
        api.close();
        commits.close();
        loop.close();
        backend.close();
        store.close();
    }
}
