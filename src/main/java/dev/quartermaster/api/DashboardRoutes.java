package dev.quartermaster.api;

import static io.javalin.http.HandlerType.GET;

import dev.quartermaster.auth.Principal;
import dev.quartermaster.auth.Role;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.lifecycle.Status;
import dev.quartermaster.server.ApiException;
import dev.quartermaster.server.ControlPlane;
import dev.quartermaster.store.CostStore;
import dev.quartermaster.store.DashboardStore;
import dev.quartermaster.store.WorkloadQuery;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the web dashboard reads besides the rest of the API: who is calling, the fleet's pools with their provider and
 * cluster, workloads with where they run and what they cost, cost per day, and the HTML reports of {@code qm simulate}
 * and {@code qm plan} kept in the reports directory.
 */
final class DashboardRoutes {

    private static final Pattern REPORT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.html?");

    private final ControlPlane plane;
    private final DashboardStore board;
    private final Path reports;

    DashboardRoutes(ControlPlane plane, Path reports) {
        this.plane = plane;
        this.board = new DashboardStore(plane.store().jdbi());
        this.reports = reports;
    }

    List<Route> routes() {
        return List.of(
                new Route(GET, "/api/v1/me", "Who the token belongs to: name, role and team", "any token", this::me),
                new Route(GET, "/api/v1/fleet/pools", "Every pool of the fleet in force with its provider, tier, cluster, region, accelerator, size and price", "any token", this::layout),
                new Route(GET, "/api/v1/board", "Workloads newest first with their latest placement (pool, since when) and cost; filters team, state (comma-separated), kind, limit", "any token (members: own team)", this::board),
                new Route(GET, "/api/v1/cost/daily", "Cost per UTC day grouped by team, provider, tier, pool or accelerator (by), over [from, to), with the GPU-hours of work that succeeded", "any token (members: own team's work)", this::daily),
                new Route(GET, "/api/v1/reports", "The HTML reports of qm simulate and qm plan in the server's reports directory", "any token", this::reports),
                new Route(GET, "/api/v1/reports/{name}", "One HTML report", "any token", this::report));
    }

    private void me(Context ctx) {
        Principal p = Authenticator.principal(ctx);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("name", p.name());
        me.put("role", p.role().label());
        me.put("team", p.team());
        ctx.json(me);
    }

    private void layout(Context ctx) {
        List<Map<String, Object>> pools = new ArrayList<>();
        for (Fleet.Site site : plane.fleet().sites()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pool", site.ref().toString());
            m.put("provider", site.provider().name());
            m.put("tier", dev.quartermaster.fleet.Labels.of(site.provider().tier()));
            m.put("cluster", site.cluster().name());
            m.put("region", site.cluster().region());
            m.put("accelerator", site.pool().accelerator());
            m.put("gpus", (long) site.pool().nodes() * site.pool().gpusPerNode());
            m.put("elastic", site.pool().elastic());
            m.put("spot", site.pool().spot() != null);
            m.put("pricePerGpuHour", site.pool().pricePerGpuHour());
            pools.add(m);
        }
        ctx.json(pools);
    }

    private void board(Context ctx) {
        Principal caller = Authenticator.principal(ctx);
        String team = Params.teamFilter(caller, ctx.queryParam("team"));
        List<String> states = Params.parsed(ctx, "state", DashboardRoutes::states);
        String kind = Params.parsed(ctx, "kind", Params::kind);
        int limit = Params.integer(ctx, "limit", 100, 1, WorkloadQuery.MAX_LIMIT);
        ctx.json(board.board(team, states, kind, limit));
    }

    private static List<String> states(String text) {
        List<String> names = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                names.add(Status.parse(part.trim()).name());
            }
        }
        return names.isEmpty() ? null : names;
    }

    private void daily(Context ctx) {
        CostStore.By by = Params.parsed(ctx, "by", CostStore.By::parse);
        by = by == null ? CostStore.By.TEAM : by;
        Principal caller = Authenticator.principal(ctx);
        String team = caller.role() == Role.MEMBER ? caller.team() : null;
        List<DashboardStore.Day> days = board.daily(by, team, Params.instant(ctx, "from"), Params.instant(ctx, "to"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("by", by.label());
        answer.put("team", team);
        answer.put("days", days);
        ctx.json(answer);
    }

    private void reports(Context ctx) {
        List<Map<String, Object>> listed = new ArrayList<>();
        if (reports != null && Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (REPORT_NAME.matcher(name).matches() && Files.isRegularFile(file)) {
                        listed.add(Map.of("name", name, "bytes", Files.size(file), "modified", Files.getLastModifiedTime(file).toInstant()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ctx.json(Map.of("directory", reports == null ? "" : reports.toAbsolutePath().toString(), "reports", listed));
    }

    private void report(Context ctx) {
        String name = ctx.pathParam("name");
        if (!REPORT_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name", "a report is named like 'report.html' (letters, digits, '.', '_', '-'), not '" + name + "'");
        }
        if (reports == null) {
            throw ApiException.notFound("a reports directory (start the server with --reports DIR)");
        }
        Path dir = reports.toAbsolutePath().normalize();
        Path file = dir.resolve(name).normalize();
        if (!file.getParent().equals(dir) || !Files.isRegularFile(file)) {
            throw ApiException.notFound("the report " + name);
        }
        try {
            ctx.contentType("text/html; charset=utf-8").result(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
