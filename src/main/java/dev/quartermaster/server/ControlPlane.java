package dev.quartermaster.server;

import dev.quartermaster.auth.Principal;
import dev.quartermaster.engine.Engine;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.format.Documents;
import dev.quartermaster.format.Node;
import dev.quartermaster.format.Problem;
import dev.quartermaster.format.Problems;
import dev.quartermaster.format.WorkloadReader;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.store.NewWorkload;
import dev.quartermaster.store.Store;
import dev.quartermaster.store.WorkloadRow;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What the API does, independent of HTTP: submissions checked against the fleet and made durable in groups,
 * cancels through the control loop, questions to the engine.
 */
public final class ControlPlane {

    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    public static final int MAX_KEY_LENGTH = 200;

    private final Store store;
    private volatile Fleet fleet;
    private final GroupCommit commits;
    private final ControlLoop loop;
    private final InstantSource clock;

    private final java.util.function.Function<Fleet, Engine> engines;
    private final java.util.function.Consumer<Fleet> backends;
    private final java.util.function.Supplier<List<dev.quartermaster.dispatch.Backends.Inventory>> inventories;

    ControlPlane(Store store, Fleet fleet, GroupCommit commits, ControlLoop loop, InstantSource clock,
            java.util.function.Function<Fleet, Engine> engines, java.util.function.Consumer<Fleet> backends,
            java.util.function.Supplier<List<dev.quartermaster.dispatch.Backends.Inventory>> inventories) {
        this.inventories = inventories;
        this.store = store;
        this.fleet = fleet;
        this.commits = commits;
        this.loop = loop;
        this.clock = clock;
        this.engines = engines;
        this.backends = backends;
    }

    /**
     * Puts a fleet in force now, once stored: backends are connected for its clusters, submissions are checked against
     * it, and the engine is rebuilt on it with the work it held (running work stays where it runs when the new fleet
     * still has room there). Returns how many running workloads had to be requeued.
     */
    public synchronized int replaceFleet(Fleet next) {
        backends.accept(next);
        int requeued = await(loop.replaceEngine(engines.apply(next)));
        fleet = next;
        return requeued;
    }

    public Store store() {
        return store;
    }

    public Fleet fleet() {
        return fleet;
    }

    /** The answer to a submission: the workload's id and whether this call created it. */
    public record Submitted(String id, boolean created) {}

    /**
     * Checks one workload document (JSON or YAML) and stores it; returns once it is durable. A repeated idempotency
     * key of the same team returns the workload first stored under it.
     */
    public Submitted submit(Principal caller, String document, boolean json, String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw ApiException.badRequest("Idempotency-Key", "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        Workload workload = parse(document, json);
        if (!caller.canChange(workload.team())) {
            throw ApiException.forbidden(caller.role() == dev.quartermaster.auth.Role.VIEWER
                    ? "a viewer cannot submit work"
                    : "a member of team '" + caller.team() + "' cannot submit work for team '" + workload.team() + "'");
        }
        NewWorkload submission = new NewWorkload(newId(), workload, document, idempotencyKey, caller.name(), clock.instant());
        GroupCommit.Receipt receipt = await(commits.submit(submission));
        if (!receipt.sameDocument()) {
            throw new ApiException(409, "conflict", "Idempotency-Key '" + idempotencyKey + "' was already used for another workload of team '"
                    + workload.team() + "' (" + receipt.id() + "); use a new key for a new workload", "Idempotency-Key");
        }
        return new Submitted(receipt.id(), receipt.created());
    }

    private Workload parse(String document, boolean json) {
        Problems syntax = new Problems("body");
        List<Node> roots = Documents.parse(document, json, syntax);
        if (syntax.count() > 0) {
            throw new ApiException(400, "malformed", "the body is not a valid " + (json ? "JSON" : "YAML") + " document",
                    null, syntax.list());
        }
        if (roots.size() != 1 || roots.get(0).type() != Node.Type.OBJECT || roots.get(0).fields().containsKey("workloads")) {
            throw ApiException.invalid("", "the body must be one workload document (an object); submit several workloads one by one");
        }
        Problems problems = new Problems("body");
        Workload workload = new WorkloadReader(problems, fleet).workload(roots.get(0));
        if (problems.count() > 0 || workload == null) {
            Problem first = problems.list().get(0);
            throw new ApiException(422, "invalid", "the workload is not valid: " + first.path() + " " + first.message()
                    + (problems.count() > 1 ? " (and " + (problems.count() - 1) + " more problems)" : ""),
                    first.path(), problems.list());
        }
        return workload;
    }

    /** Cancels a workload the caller may change; returns its state afterwards. */
    public Status cancel(Principal caller, String id) {
        WorkloadRow row = visible(caller, id);
        if (!caller.canChange(row.team())) {
            throw ApiException.forbidden(caller.role() == dev.quartermaster.auth.Role.VIEWER
                    ? "a viewer cannot cancel work" : "workload " + id + " belongs to team '" + row.team() + "'");
        }
        if (row.status().isFinal()) {
            throw ApiException.conflict("workload " + id + " has already ended: it is " + row.status().label());
        }
        Status after = await(loop.cancel(id));
        return after == null ? store.workloads().find(id).map(WorkloadRow::status).orElse(row.status()) : after;
    }

    /** A workload the caller may see; 404 for one of another team, as for one that does not exist. */
    public WorkloadRow visible(Principal caller, String id) {
        return store.workloads().find(id).filter(row -> caller.canSee(row.team()))
                .orElseThrow(() -> ApiException.notFound("workload " + id));
    }

    public <T> T ask(Function<Engine, T> question) {
        return await(loop.ask(question));
    }

    /** What each connected cluster manager reports now. */
    public List<dev.quartermaster.dispatch.Backends.Inventory> inventories() {
        return inventories.get();
    }

    /** Why a dispatched workload waits in its cluster manager's queue, or null. */
    public String waitingInBackend(String id) {
        return loop.waitingReason(id);
    }

    public int queued() {
        return commits.waiting() + loop.inboxSize();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "interrupted", null);
        } catch (TimeoutException e) {
            throw new ApiException(503, "unavailable", "the control loop did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String newId() {
        // 64 random bits: unique enough for any number of workloads a store will hold, and cheap to make.
        return "w-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
