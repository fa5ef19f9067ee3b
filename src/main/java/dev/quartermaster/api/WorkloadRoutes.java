package dev.quartermaster.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.quartermaster.auth.Principal;
import dev.quartermaster.engine.Verdict;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.ApiException;
import dev.quartermaster.server.ControlPlane;
import dev.quartermaster.store.LedgerEntry;
import dev.quartermaster.store.Transition;
import dev.quartermaster.store.WorkloadQuery;
import dev.quartermaster.store.WorkloadRow;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Submit, list, get, cancel, explain and follow workloads. */
final class WorkloadRoutes {

    private final ControlPlane plane;
    private final Feeds feeds;

    WorkloadRoutes(ControlPlane plane, Feeds feeds) {
        this.plane = plane;
        this.feeds = feeds;
    }

    List<Route> routes() {
        return List.of(
                new Route(POST, "/api/v1/workloads", "Submit one workload document (JSON, or YAML with Content-Type application/yaml); header Idempotency-Key makes a retry safe", "admin; member of its team", this::submit),
                new Route(GET, "/api/v1/workloads", "List workloads, newest first; filters team, state, kind; paging with limit and after", "any token (members: own team)", this::list),
                new Route(GET, "/api/v1/workloads/{id}", "One workload: document, transitions, dispatches, cost", "any token (members: own team)", this::get),
                new Route(POST, "/api/v1/workloads/{id}/cancel", "Cancel a workload that has not ended", "admin; member of its team", this::cancel),
                new Route(GET, "/api/v1/workloads/{id}/why", "Why a workload waits or runs where it does, from the engine", "any token (members: own team)", this::why),
                new Route(GET, "/api/v1/workloads/{id}/events", "Server-sent events: the workload's transitions, past then live; ends when it ends", "any token (members: own team)", this::events),
                new Route(GET, "/api/v1/events", "Server-sent events: every workload's transitions from now on (members: their team's); Last-Event-ID resumes after that transition", "any token (members: own team)", this::allEvents),
                new Route(GET, "/api/v1/queue", "Pending workloads in queue order with the engine's reason", "any token (members: own team)", this::queue));
    }

    private void submit(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        boolean json = !(type.contains("yaml") || type.contains("yml"));
        Principal caller = Authenticator.principal(ctx);
        ControlPlane.Submitted s = plane.submit(caller, ctx.body(), json, ctx.header("Idempotency-Key"));
        ctx.status(s.created() ? 201 : 200).header("Location", "/api/v1/workloads/" + s.id())
                .json(new Views.Submitted(s.id(), s.created(), s.created() ? "pending" : plane.visible(caller, s.id()).status().label()));
    }

    private void list(Context ctx) {
        Principal caller = Authenticator.principal(ctx);
        String team = Params.teamFilter(caller, ctx.queryParam("team"));
        Status status = Params.parsed(ctx, "state", Status::parse);
        String kind = Params.parsed(ctx, "kind", Params::kind);
        int limit = Params.integer(ctx, "limit", 100, 1, WorkloadQuery.MAX_LIMIT);
        List<WorkloadRow> rows = plane.store().workloads().list(new WorkloadQuery(team, status, kind, Params.optionalLong(ctx, "after"), limit));
        Long next = rows.size() == limit ? rows.get(rows.size() - 1).seq() : null;
        ctx.json(new Views.Page<>(rows.stream().map(Views.Workload::of).toList(), next));
    }

    private void get(Context ctx) {
        WorkloadRow row = plane.visible(Authenticator.principal(ctx), ctx.pathParam("id"));
        List<LedgerEntry> ledger = plane.store().runs().ledger(row.id());
        ctx.json(new Views.WorkloadDetail(Views.Workload.of(row), row.document(), plane.store().workloads().history(row.id()).stream().map(Views.Step::of).toList(),
                plane.store().runs().dispatches(row.id()), ledger, ledger.stream().mapToDouble(LedgerEntry::dollars).sum()));
    }

    private void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        Status after = plane.cancel(Authenticator.principal(ctx), id);
        ctx.json(new Views.Cancelled(id, after.label()));
    }

    private void why(Context ctx) {
        WorkloadRow row = plane.visible(Authenticator.principal(ctx), ctx.pathParam("id"));
        if (row.status().isFinal()) {
            ctx.json(new Views.Why(row.id(), row.status().label(), null,
                    List.of("it has ended: " + row.status().label() + (row.reason() == null ? "" : " (" + row.reason() + ")"))));
            return;
        }
        Views.Why why = plane.ask(engine -> new Views.Why(row.id(), row.status().label(),
                engine.verdict(row.id()).map(Verdict::summary).orElse(null),
                engine.state(row.id()).isPresent() ? engine.explain(row.id()) : List.of()));
        if (why.explanation().isEmpty()) {
            why = new Views.Why(row.id(), row.status().label(), null, List.of("the engine has not taken it yet"));
        }
        String backend = plane.waitingInBackend(row.id());
        if (backend != null) {
            List<String> lines = new java.util.ArrayList<>(why.explanation());
            lines.add(0, "dispatched, and " + backend);
            why = new Views.Why(why.id(), why.state(), why.verdict(), lines);
        }
        ctx.json(why);
    }

    private void queue(Context ctx) {
        Principal caller = Authenticator.principal(ctx);
        String team = Params.teamFilter(caller, ctx.queryParam("team"));
        int limit = Params.integer(ctx, "limit", 100, 1, WorkloadQuery.MAX_LIMIT);
        List<WorkloadRow> rows = plane.store().workloads().pending(team, limit);
        Map<String, String> verdicts = plane.ask(engine -> {
            Map<String, String> v = new HashMap<>();
            rows.forEach(r -> engine.verdict(r.id()).ifPresent(verdict -> v.put(r.id(), verdict.summary())));
            return v;
        });
        ctx.json(rows.stream().map(r -> new Views.Queued(r.id(), r.name(), r.team(), r.priority(), r.gpus(),
                verdicts.getOrDefault(r.id(), "waiting for the next scheduling cycle"))).toList());
    }

    /** Every transition from now (or after Last-Event-ID) on, as it is made durable; a member's stream is its team's. */
    private void allEvents(Context ctx) {
        Principal caller = Authenticator.principal(ctx);
        String team = Params.teamFilter(caller, ctx.queryParam("team"));
        String resume = ctx.header("Last-Event-ID");
        long from;
        try {
            from = resume == null ? plane.store().workloads().lastTransition() : Long.parseLong(resume.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Last-Event-ID", "Last-Event-ID must be a transition id, a whole number, not '" + resume + "'");
        }
        new SseHandler(client -> {
            AtomicLong last = new AtomicLong(from);
            Object lock = new Object();
            Runnable send = () -> {
                synchronized (lock) {
                    List<Transition> batch;
                    do {
                        if (client.terminated()) {
                            return;
                        }
                        batch = plane.store().workloads().transitionsSince(last.get(), team, 500);
                        for (Transition t : batch) {
                            client.sendEvent("transition", Views.Change.of(t), Long.toString(t.id()));
                            last.set(t.id());
                        }
                    } while (batch.size() == 500);
                }
            };
            client.onClose(() -> feeds.unsubscribeAll(send));
            feeds.subscribeAll(send);
            client.keepAlive();
            send.run();
        }).handle(ctx);
    }

    /**
     * Checks the workload is visible before the stream begins: once it has begun its status (200) is sent, so an
     * unknown workload, or one of another team, could no longer be answered with 404.
     */
    private void events(Context ctx) {
        WorkloadRow row = plane.visible(Authenticator.principal(ctx), ctx.pathParam("id"));
        new SseHandler(client -> stream(client, row)).handle(ctx);
    }

    private void stream(SseClient client, WorkloadRow row) {
        AtomicLong last = new AtomicLong();
        Object lock = new Object();
        Runnable send = () -> {
            synchronized (lock) {
                if (client.terminated()) {
                    return;
                }
                for (Transition t : plane.store().workloads().historySince(row.id(), last.get())) {
                    client.sendEvent("transition", Views.Step.of(t), Long.toString(t.id()));
                    last.set(t.id());
                    if (t.to().isFinal()) {
                        client.close();
                        return;
                    }
                }
            }
        };
        client.onClose(() -> feeds.unsubscribe(row.id(), send));
        feeds.subscribe(row.id(), send);
        client.keepAlive();
        send.run();
    }
}
