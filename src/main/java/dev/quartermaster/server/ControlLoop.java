package dev.quartermaster.server;

import dev.quartermaster.dispatch.Backoff;
import dev.quartermaster.dispatch.Backend;
import dev.quartermaster.engine.Decision;
import dev.quartermaster.engine.Engine;
import dev.quartermaster.engine.Event;
import dev.quartermaster.engine.Placement;
import dev.quartermaster.fleet.Labels;
import dev.quartermaster.format.Loader;
import dev.quartermaster.ledger.Billing;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.store.LedgerEntry;
import dev.quartermaster.store.NewWorkload;
import dev.quartermaster.store.Store;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one thread that drives the engine. Everything that changes the world (submissions made durable, cancels,
 * backend reports, the clock) arrives here as a command; each turn takes every waiting command, applies it to the
 * engine, runs a scheduling cycle, writes what changed in one transaction, and only then answers callers and tells
 * backends to start or stop work.
 */
public final class ControlLoop implements Backend.Listener, AutoCloseable {

    private sealed interface Command {}

    private record Submit(List<NewWorkload> workloads) implements Command {}

    private record Cancel(String id, CompletableFuture<Status> answer) implements Command {}

    private record Started(String id, int attempt, Instant at) implements Command {}

    private record Finished(String id, int attempt, Instant at) implements Command {}

    private record Failed(String id, int attempt, Instant at, String reason) implements Command {}

    private record Replace(Engine engine, CompletableFuture<Integer> answer) implements Command {}

    private record Accepted(String id, int attempt, String externalId) implements Command {}

    private record Lost(String id, int attempt, Instant at, String reason) implements Command {}

    private record Health(String cluster, boolean healthy, String reason) implements Command {}

    private record Ask<T>(Function<Engine, T> question, CompletableFuture<T> answer) implements Command {
        void run(Engine engine) {
            try {
                answer.complete(question.apply(engine));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }
    }

    /** What the loop knows of a workload it tracks (one not yet finished). */
    private static final class Tracked {
        final Workload workload;
        final String document;
        Status status = Status.PENDING;
        int attempt;
        List<Placement> placements = List.of();
        Backend.Order order;
        Instant runningSince;
        /** Dollars per hour its current placements are billed while dispatched. */
        double dollarsPerHour;

        Tracked(Workload workload, String document, int attempt) {
            this.workload = workload;
            this.document = document;
            this.attempt = attempt;
        }
    }

    private Engine engine;
    private final Store store;
    private Billing billing;
    private final InstantSource clock;
    private final Duration tickInterval;
    private final Consumer<Turn> observer;
    private final BlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
    /** In submission order, so that a replaced engine is handed the work in the order it came. */
    private final Map<String, Tracked> tracked = new java.util.LinkedHashMap<>();
    /** What backends say of attempts waiting in their own queues, by workload: read by any thread. */
    private final Map<String, String> waiting = new java.util.concurrent.ConcurrentHashMap<>();
    private Backend backend;
    private Thread thread;
    private volatile boolean open = true;
    /** Null while the loop runs; why it stopped when it could not write its changes. */
    private volatile String halted;
    private Instant lastCycle = Instant.EPOCH;
    /** Dollars per hour billed for all dispatched work. */
    private double costRate;

    /** What a turn did: for metrics and live streams. */
    public record Turn(Instant at, int commands, int transitions, java.util.Set<String> touched, long nanos, Engine engine,
            double costRate) {}

    public ControlLoop(Engine engine, Store store, InstantSource clock, Duration tickInterval, Consumer<Turn> observer) {
        this.engine = engine;
        this.store = store;
        this.billing = new Billing(engine.fleet());
        this.clock = clock;
        this.tickInterval = tickInterval;
        this.observer = observer;
    }

    /**
     * Hands the engine the work the store holds as unfinished (after a restart): pending work is submitted, work its
     * backend took back is adopted where it runs. Call before {@link #start}.
     */
    public void recover(List<Recovered> work, Backend backend) {
        this.backend = backend;
        Changes changes = new Changes(clock.instant());
        for (Recovered r : work) {
            Tracked t = new Tracked(r.workload(), r.document(), r.lastAttempt());
            tracked.put(r.id(), t);
            if (r.placements().isEmpty()) {
                apply(new Event.Submitted(r.id(), r.workload()), changes);
            } else {
                t.status = r.status();
                t.runningSince = r.status() == Status.RUNNING ? r.runningSince() : null;
                // It runs already: its order serves to stop it. Its hours are what the engine counts (all: no checkpoint known).
                track(r.id(), t, r.placements(), r.workload().referenceHours());
                apply(new Event.Adopted(r.id(), r.workload(), r.placements()), changes);
            }
        }
        changes.write(store.jdbi());
        changes.runAfterCommit();
    }

    /** A workload handed back at start-up: pending, or running where {@code placements} say since {@code runningSince}. */
    public record Recovered(String id, Workload workload, String document, int lastAttempt, Status status, List<Placement> placements,
            Instant runningSince) {}

    public void start() {
        this.thread = Thread.ofPlatform().name("qm-engine").start(this::run);
    }

    // ---- what callers send (any thread)

    public void submitted(List<NewWorkload> workloads) {
        inbox.add(new Submit(workloads));
    }

    /** Cancels a workload; the answer is its state once the cancel is durable (unchanged if it had already ended). */
    public CompletableFuture<Status> cancel(String id) {
        CompletableFuture<Status> answer = new CompletableFuture<>();
        inbox.add(new Cancel(id, answer));
        return answer;
    }

    /**
     * Puts a new engine (built on a new fleet) in place of the current one: pending work is submitted to it, running
     * work is adopted where it runs, and what no longer fits is requeued (its run stopped) or rejected. Answers with
     * how many workloads could not stay where they ran, once that is durable.
     */
    public CompletableFuture<Integer> replaceEngine(Engine next) {
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        inbox.add(new Replace(next, answer));
        return answer;
    }

    /** Asks the engine something on its own thread. */
    public <T> CompletableFuture<T> ask(Function<Engine, T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        inbox.add(new Ask<>(question, answer));
        return answer;
    }

    /** Null while the loop runs; otherwise why it stopped. */
    public String halted() {
        return halted;
    }

    public int inboxSize() {
        return inbox.size();
    }

    @Override
    public void waiting(String id, int attempt, String reason) {
        if (reason == null) {
            waiting.remove(id);
        } else {
            waiting.put(id, reason);
        }
    }

    /** Why a dispatched workload waits in its cluster manager's queue, or null. */
    public String waitingReason(String id) {
        return waiting.get(id);
    }

    @Override
    public void started(String id, int attempt, Instant at) {
        inbox.add(new Started(id, attempt, at));
    }

    @Override
    public void finished(String id, int attempt, Instant at) {
        inbox.add(new Finished(id, attempt, at));
    }

    @Override
    public void failed(String id, int attempt, Instant at, String reason) {
        inbox.add(new Failed(id, attempt, at, reason));
    }

    @Override
    public void lost(String id, int attempt, Instant at, String reason) {
        inbox.add(new Lost(id, attempt, at, reason));
    }

    @Override
    public void accepted(String id, int attempt, String externalId) {
        inbox.add(new Accepted(id, attempt, externalId));
    }

    @Override
    public void clusterHealth(String cluster, boolean healthy, String reason) {
        inbox.add(new Health(cluster, healthy, reason));
    }

    // ---- the loop

    private void run() {
        List<Command> commands = new ArrayList<>();
        while (open) {
            try {
                Command first = inbox.poll(tickInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    commands.add(first);
                    inbox.drainTo(commands, 10_000);
                }
            } catch (InterruptedException e) {
                continue;
            }
            long begin = System.nanoTime();
            Changes changes = new Changes(clock.instant());
            List<Ask<?>> questions = new ArrayList<>();
            for (Command command : commands) {
                if (command instanceof Ask<?> ask) {
                    questions.add(ask);
                } else {
                    handle(command, changes);
                }
            }
            boolean due = Duration.between(lastCycle, changes.at()).compareTo(tickInterval) >= 0;
            if (!changes.isEmpty() || due || commands.size() > questions.size()) {
                lastCycle = changes.at();
                apply(new Event.Tick(), changes);
            }
            writeDurably(changes);
            changes.runAfterCommit();
            if (Duration.between(lastUsageSaved, changes.at()).compareTo(USAGE_EVERY) >= 0) {
                saveUsage();
            }
            questions.forEach(q -> q.run(engine));
            observer.accept(new Turn(changes.at(), commands.size(), changes.transitions(), changes.touched(), System.nanoTime() - begin, engine, costRate));
            commands.clear();
        }
    }

    /**
     * Retries until the store takes the changes: the engine has moved on, so they must not be lost. A change the store
     * can never take (a workload that moved on behind the loop's back: a bug) halts the loop, and readiness says so;
     * a restart rebuilds the engine from the store, which holds the truth.
     */
    private void writeDurably(Changes changes) {
        Backoff backoff = new Backoff(100);
        while (true) {
            try {
                changes.write(store.jdbi());
                return;
            } catch (IllegalStateException | IllegalArgumentException e) {
                halted = "the control loop stopped: the store refused its changes: " + e.getMessage();
                System.err.println("qm: " + halted);
                open = false;
                throw e;
            } catch (RuntimeException e) {
                System.err.println("qm: cannot write to the store, retrying in " + backoff.nextMillis() + " ms: " + e.getMessage());
                backoff.pause();
            }
        }
    }

    private void handle(Command command, Changes changes) {
        switch (command) {
            case Submit s -> {
                for (NewWorkload w : s.workloads()) {
                    tracked.put(w.id(), new Tracked(w.workload(), w.document(), 0));
                    apply(new Event.Submitted(w.id(), w.workload()), changes);
                }
            }
            case Cancel c -> {
                Tracked t = tracked.get(c.id());
                if (t == null) {
                    changes.afterCommit(() -> c.answer().complete(null));
                    return;
                }
                apply(new Event.Cancelled(c.id()), changes);
                end(c.id(), t, Status.CANCELLED, "cancelled", "cancelled", changes);
                changes.afterCommit(() -> c.answer().complete(Status.CANCELLED));
            }
            case Started s -> {
                Tracked t = current(s.id(), s.attempt());
                if (t != null && t.status == Status.DISPATCHED) {
                    waiting.remove(s.id());
                    changes.step(s.id(), Status.DISPATCHED, Status.RUNNING, "started");
                    changes.started(s.id(), s.attempt(), s.at());
                    t.status = Status.RUNNING;
                    t.runningSince = s.at();
                }
            }
            case Finished f -> {
                Tracked t = current(f.id(), f.attempt());
                if (t != null && t.status.isDispatched()) {
                    apply(new Event.Finished(f.id()), changes);
                    end(f.id(), t, Status.SUCCEEDED, "finished", "succeeded", changes);
                }
            }
            case Failed f -> {
                Tracked t = current(f.id(), f.attempt());
                if (t != null && t.status.isDispatched()) {
                    apply(new Event.Failed(f.id(), f.reason()), changes);
                    end(f.id(), t, Status.FAILED, f.reason(), "failed: " + f.reason(), changes);
                }
            }
            case Lost l -> {
                Tracked t = current(l.id(), l.attempt());
                if (t != null && t.status.isDispatched()) {
                    apply(new Event.Lost(l.id(), l.reason()), changes);
                }
            }
            case Accepted a -> changes.externalId(a.id(), a.attempt(), a.externalId());
            case Health h -> {
                System.err.println("qm: cluster " + h.cluster() + (h.healthy() ? " is reachable again" : " is unhealthy: " + h.reason()));
                apply(new Event.ClusterHealth(h.cluster(), h.healthy()), changes);
            }
            case Replace r -> {
                dev.quartermaster.engine.UsageHistory usage = engine.usageHistory();
                engine = r.engine();
                apply(new Event.UsageCarried(usage), changes);   // fair share goes on from the old engine's usage
                billing = new Billing(engine.fleet());
                int moved = 0;
                for (Map.Entry<String, Tracked> e : List.copyOf(tracked.entrySet())) {
                    Tracked t = e.getValue();
                    Status before = t.status;
                    apply(before.isDispatched() ? new Event.Adopted(e.getKey(), t.workload, t.placements)
                            : new Event.Submitted(e.getKey(), t.workload), changes);
                    moved += before.isDispatched() && t.status != before ? 1 : 0;
                }
                int stopped = moved;
                changes.afterCommit(() -> r.answer().complete(stopped));
            }
            case Ask<?> a -> a.run(engine);
        }
    }

    private Tracked current(String id, int attempt) {
        Tracked t = tracked.get(id);
        return t != null && t.attempt == attempt ? t : null;
    }

    private void apply(Event event, Changes changes) {
        for (Decision decision : engine.apply(event)) {
            Tracked t = tracked.get(decision.id());
            if (t == null) {
                continue;
            }
            switch (decision) {
                case Decision.Place p -> place(p, t, changes);
                case Decision.Preempt p -> {
                    stopRun(p.id(), t, "preempted by " + p.by(), changes);
                    changes.step(p.id(), t.status, Status.PREEMPTED, p.reason());
                    t.status = Status.PREEMPTED;
                }
                case Decision.Requeue r -> {
                    if (t.status.isDispatched()) {
                        stopRun(r.id(), t, "requeued: " + r.reason(), changes);
                    }
                    if (t.status != Status.PENDING) {
                        changes.step(r.id(), t.status, Status.PENDING, r.reason());
                        t.status = Status.PENDING;
                    }
                }
                case Decision.Reject r -> {
                    if (t.status.isDispatched()) {
                        stopRun(r.id(), t, "rejected", changes);
                    }
                    changes.step(r.id(), t.status, Status.FAILED, "rejected: " + r.verdict().summary());
                    tracked.remove(r.id());
                }
            }
        }
    }

    private void place(Decision.Place p, Tracked t, Changes changes) {
        t.attempt++;
        t.placements = p.placements();
        t.runningSince = null;
        changes.step(p.id(), Status.PENDING, Status.ADMITTED, "admitted");
        Placement first = p.placements().get(0);
        changes.step(p.id(), Status.ADMITTED, Status.DISPATCHED, "dispatched to " + first.pool() + " (" + first.accelerator() + ", " + Labels.of(first.tier()) + ")");
        t.status = Status.DISPATCHED;
        for (int replica = 0; replica < p.placements().size(); replica++) {
            Placement placement = p.placements().get(replica);
            changes.dispatch(Dispatches.of(p.id(), t.attempt, replica, placement, billing.price(placement).perGpuHour(), changes.at()));
        }
        Backend.Order order = track(p.id(), t, p.placements(), p.remainingReferenceHours());
        changes.afterCommit(() -> backend.dispatch(order));
    }

    /**
     * The work now runs where {@code placements} say, with {@code referenceHours} of work left at relative speed 1.0:
     * its order for the backend, and what it costs per hour.
     */
    private Backend.Order track(String id, Tracked t, List<Placement> placements, double referenceHours) {
        t.placements = placements;
        t.dollarsPerHour = 0;
        for (Placement placement : placements) {
            t.dollarsPerHour += billing.price(placement).perGpuHour() * placement.gpus();
        }
        costRate += t.dollarsPerHour;
        double speed = placements.stream().mapToDouble(Placement::speed).min().orElse(1);
        double hours = referenceHours / speed;
        String document = t.document;
        t.order = new Backend.Order(id, t.attempt, t.workload.team(), placements, hours, () -> Loader.launch("workload " + id, document));
        return t.order;
    }

    /** Ends a workload for good: its run (if any) is stopped and charged, and it leaves the loop. */
    private void end(String id, Tracked t, Status to, String reason, String outcome, Changes changes) {
        if (t.status.isDispatched()) {
            stopRun(id, t, outcome, changes);
        }
        changes.step(id, t.status, to, reason);
        t.status = to;
        tracked.remove(id);
        waiting.remove(id);
    }

    /** Closes the current attempt: the backend is told to stop (after the commit) and the time it ran is charged. */
    private void stopRun(String id, Tracked t, String outcome, Changes changes) {
        int attempt = t.attempt;
        changes.ended(id, attempt, outcome);
        costRate -= t.dollarsPerHour;
        t.dollarsPerHour = 0;
        if (t.runningSince != null) {
            // The ledger charges the work's hours: a simulated backend sped up N times ran N hours of work per hour.
            double hours = Duration.between(t.runningSince, changes.at()).toMillis() / 3_600_000.0 * backend.timeScale(t.order.cluster());
            for (Placement p : t.placements) {
                double price = billing.price(p).perGpuHour();
                changes.charge(new LedgerEntry(id, t.workload.team(), p.provider(), Labels.of(p.tier()), p.pool().toString(),
                        p.accelerator(), p.gpus(), t.runningSince, changes.at(), p.gpus() * hours, p.gpus() * hours * price,
                        Labels.of(p.priceBasis())));
            }
        }
        t.runningSince = null;
        Backend.Order order = t.order;
        if (order != null && !outcome.equals("succeeded") && !outcome.startsWith("failed")) {
            changes.afterCommit(() -> backend.stop(order));
        }
    }

    @Override
    public void close() {
        open = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!thread.isAlive()) {
                saveUsage();   // the loop has stopped: its engine is this thread's to read
            }
        }
    }

    /** Fair share's usage is kept in the store this often, and when the server stops. */
    static final Duration USAGE_EVERY = Duration.ofMinutes(1);
    private Instant lastUsageSaved = Instant.EPOCH;

    /**
     * Keeps fair share's memory of past usage in the store, so that a restart goes on from it ({@link #carryUsage}).
     * Soft state: when the store refuses it, the loop says so and goes on.
     */
    private void saveUsage() {
        lastUsageSaved = clock.instant();
        dev.quartermaster.engine.UsageHistory usage = engine.usageHistory();
        try {
            store.usage().save(new dev.quartermaster.store.UsageStore.Saved(usage.asOf(), usage.gpuHours()));
        } catch (RuntimeException e) {
            System.err.println("qm: cannot keep fair share's usage in the store (a restart would forget it): " + e.getMessage());
        }
    }

    /** Fair share goes on from the usage kept before a restart, if any. Call before {@link #start}. */
    void carryUsage() {
        store.usage().load().ifPresent(saved -> engine.apply(new Event.UsageCarried(
                new dev.quartermaster.engine.UsageHistory(saved.asOf(), saved.gpuHours()))));
    }
}
