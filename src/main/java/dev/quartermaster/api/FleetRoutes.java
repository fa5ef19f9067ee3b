package dev.quartermaster.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import dev.quartermaster.auth.Principal;
import dev.quartermaster.engine.Engine;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.format.Documents;
import dev.quartermaster.format.FleetReader;
import dev.quartermaster.format.FleetWriter;
import dev.quartermaster.format.Loader;
import dev.quartermaster.format.Node;
import dev.quartermaster.format.Problems;
import dev.quartermaster.ledger.Burndown;
import dev.quartermaster.server.ApiException;
import dev.quartermaster.server.ControlPlane;
import dev.quartermaster.store.AuditLog;
import dev.quartermaster.store.CostStore;
import dev.quartermaster.store.FleetStore;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fleet in force, its pools' use, teams, contracts with their burn-down, and the cost ledger. */
final class FleetRoutes {

    private final ControlPlane plane;

    FleetRoutes(ControlPlane plane) {
        this.plane = plane;
    }

    List<Route> routes() {
        return List.of(
                new Route(GET, "/api/v1/fleet", "The fleet document in force and its version", "any token", this::fleet),
                new Route(PUT, "/api/v1/fleet", "Put a new fleet document (JSON or YAML) in force now: stored as a new version, audited; running work stays where the new fleet still has room for it", "admin", this::replaceFleet),
                new Route(GET, "/api/v1/pools", "GPUs used, up and committed in each pool, now", "any token", this::pools),
                new Route(GET, "/api/v1/teams", "Teams with cohort, weight and quota per accelerator", "any token", this::teams),
                new Route(PUT, "/api/v1/teams/{name}", "Add or change a team (cohort, weight, quota per accelerator with borrowing and lending limits): a new fleet version, audited, in force at once", "admin", this::putTeam),
                new Route(GET, "/api/v1/inventory", "What each connected cluster manager reports now (nodes, GPUs by type, used) beside what the fleet says it has", "any token", this::inventory),
                new Route(GET, "/api/v1/contracts", "Each contract's burn-down: committed vs used GPU-hours and idle committed dollars to date", "any token", this::contracts),
                new Route(GET, "/api/v1/cost", "Cost from the ledger grouped by team, provider, tier, pool or accelerator (by), over [from, to)", "any token", this::cost));
    }

    private void fleet(Context ctx) {
        FleetStore.Version v = plane.store().fleets().latest().orElseThrow(() -> ApiException.notFound("a fleet"));
        ctx.json(Map.of("version", v.version(), "createdAt", v.createdAt(), "createdBy", v.createdBy(), "document", v.document()));
    }

    private void replaceFleet(Context ctx) {
        Principal admin = Authenticator.admin(ctx);
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        String name = type.contains("yaml") ? "fleet.yaml" : "fleet.json";
        Loader.Loaded loaded = Loader.load(name, ctx.body(), null);
        if (!loaded.problems().isEmpty()) {
            var first = loaded.problems().get(0);
            throw new ApiException(422, "invalid", "the fleet is not valid: " + first.path() + " " + first.message(), first.path(), loaded.problems());
        }
        if (!loaded.isFleet()) {
            throw ApiException.invalid("", "the body is not a fleet document: it has none of the fields accelerators, providers, teams");
        }
        var unusable = dev.quartermaster.dispatch.Backends.problems(loaded.fleet(), name);
        if (!unusable.isEmpty()) {
            var first = unusable.get(0);
            throw new ApiException(422, "invalid", "the fleet cannot be put in force: " + first.path() + " " + first.message(),
                    first.path(), unusable);
        }
        Instant now = Instant.now();
        long version = plane.store().jdbi().inTransaction(h -> {
            long v = FleetStore.save(h, loaded.fleet(), ctx.body(), admin.name());
            AuditLog.record(h, now, admin.name(), "fleet.replace", "fleet", "version " + v);
            return v;
        });
        int requeued = plane.replaceFleet(loaded.fleet());
        ctx.status(201).json(Map.of("version", version, "requeued", requeued));
    }

    private void pools(Context ctx) {
        List<Engine.PoolUsage> usage = plane.ask(Engine::poolUsage);
        ctx.json(usage.stream().map(Views.Pool::of).toList());
    }

    private void teams(Context ctx) {
        ctx.json(plane.fleet().teams());
    }

    private void putTeam(Context ctx) {
        Principal admin = Authenticator.admin(ctx);
        String name = ctx.pathParam("name");
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        boolean json = !type.contains("yaml");
        Problems problems = new Problems("body");
        List<Node> roots = Documents.parse(ctx.body(), json, problems);
        if (problems.count() > 0) {
            throw new ApiException(400, "malformed", "the body is not a valid " + (json ? "JSON" : "YAML") + " document", null, problems.list());
        }
        Team team = new FleetReader(problems).team(roots.get(0), name);
        Fleet current = plane.fleet();
        List<Team> teams = new ArrayList<>(current.teams().stream().filter(t -> !t.name().equals(name)).toList());
        Fleet next = null;
        if (team != null) {
            teams.add(team);
            try {
                next = new Fleet(current.accelerators(), current.providers(), teams, current.tierPreferences());
            } catch (dev.quartermaster.fleet.InvalidFieldException e) {
                problems.at(roots.get(0), e.getMessage());
            }
        }
        if (problems.count() > 0 || next == null) {
            var first = problems.list().get(0);
            throw new ApiException(422, "invalid", "the team is not valid: " + first.path() + " " + first.message(), first.path(), problems.list());
        }
        String document = FleetWriter.write(next);
        Instant now = Instant.now();
        Fleet fleet = next;
        long version = plane.store().jdbi().inTransaction(h -> {
            long v = FleetStore.save(h, fleet, document, admin.name());
            AuditLog.record(h, now, admin.name(), "team.put", "team " + name, "fleet version " + v);
            return v;
        });
        int requeued = plane.replaceFleet(next);
        ctx.json(Map.of("team", team, "version", version, "requeued", requeued));
    }

    private void inventory(Context ctx) {
        ctx.json(plane.inventories().stream().map(i -> {
            Map<String, Long> fleetGpus = new java.util.TreeMap<>();
            Map<String, Long> reported = new java.util.TreeMap<>();
            plane.fleet().sites().stream().filter(s -> s.cluster().name().equals(i.cluster()))
                    .forEach(s -> fleetGpus.merge(s.pool().accelerator(), (long) s.pool().nodes() * s.pool().gpusPerNode(), Long::sum));
            i.nodes().forEach(n -> reported.merge(n.accelerator(), (long) n.gpus(), Long::sum));
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("cluster", i.cluster());
            m.put("backend", i.type());
            m.put("reachable", i.error() == null);
            m.put("error", i.error());
            m.put("nodes", i.nodes());
            m.put("reportedGpus", reported);
            m.put("fleetGpus", fleetGpus);
            m.put("matchesFleet", i.error() == null && reported.equals(fleetGpus));
            return m;
        }).toList());
    }

    private void contracts(Context ctx) {
        Instant now = Instant.now();
        List<Burndown> burndowns = new ArrayList<>();
        for (Provider provider : plane.fleet().providers()) {
            for (Contract c : provider.contracts()) {
                Instant start = c.start().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                burndowns.add(Burndown.of(c, plane.store().costs().gpuHours(c.pool().toString(), start), now));
            }
        }
        ctx.json(burndowns);
    }

    private void cost(Context ctx) {
        CostStore.By by = Params.parsed(ctx, "by", CostStore.By::parse);
        List<CostStore.Line> lines = plane.store().costs().cost(by == null ? CostStore.By.TEAM : by, Params.instant(ctx, "from"), Params.instant(ctx, "to"));
        ctx.json(Map.of("by", (by == null ? CostStore.By.TEAM : by).label(), "lines", lines,
                "dollars", lines.stream().mapToDouble(CostStore.Line::dollars).sum(),
                "gpuHours", lines.stream().mapToDouble(CostStore.Line::gpuHours).sum()));
    }
}
