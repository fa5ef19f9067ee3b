package dev.quartermaster.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.quartermaster.format.Problem;
import dev.quartermaster.server.ApiException;
import dev.quartermaster.server.ControlPlane;
import dev.quartermaster.server.ServerMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API (JSON under {@code /api/v1}), health, readiness and metrics. Every call but health and readiness
 * needs a bearer token; errors are JSON with a code, a message and the field they are about.
 */
public final class Api implements AutoCloseable {

    /** Bodies larger than this are refused with 413. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    /** The dashboard's static files, served without a token: its page, scripts, styles and images. */
    private static final java.util.regex.Pattern DASHBOARD_FILE =
            java.util.regex.Pattern.compile("/|/[A-Za-z0-9_-]+\\.(html|js|css|svg|png|ico)");

    private final Javalin app;
    private final Feeds feeds = new Feeds();
    private final List<Route> routes;

    public Api(ControlPlane plane, ServerMetrics metrics, BooleanSupplier ready) {
        this(plane, metrics, ready, null);
    }

    /** With {@code reports}, the directory whose HTML reports the dashboard lists (null for none). */
    public Api(ControlPlane plane, ServerMetrics metrics, BooleanSupplier ready, java.nio.file.Path reports) {
        Authenticator auth = new Authenticator(plane.store().tokens());
        this.routes = new ArrayList<>();
        routes.addAll(new WorkloadRoutes(plane, feeds).routes());
        routes.addAll(new FleetRoutes(plane).routes());
        routes.addAll(new AdminRoutes(plane, auth).routes());
        routes.addAll(new DashboardRoutes(plane, reports).routes());
        routes.add(new Route(io.javalin.http.HandlerType.GET, "/metrics", "Prometheus metrics", "any token",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())));
        routes.add(new Route(io.javalin.http.HandlerType.GET, "/api/v1/openapi.json", "This API's OpenAPI document", "any token",
                ctx -> ctx.json(OpenApi.document(routes))));
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            // The web dashboard: static files that need no token; the data they show comes from the API with one.
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            config.routes.get("/readyz", ctx -> {
                boolean ok = ready.getAsBoolean();
                ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ready" : "not ready"));
            });
            config.routes.before(ctx -> {
                String path = ctx.path();
                if (!path.equals("/healthz") && !path.equals("/readyz") && !DASHBOARD_FILE.matcher(path).matches()) {
                    auth.authenticate(ctx);
                }
            });
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), route.handler());
            }
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.field(), e.problems()));
            config.routes.exception(JsonProcessingException.class, (e, ctx) -> error(ctx, 400, "malformed",
                    "the body is not what this call takes: " + e.getOriginalMessage(), field(e), problems(e)));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage(), null, List.of()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), code(e.getStatus()), e.getMessage(), null, List.of()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                e.printStackTrace();
                error(ctx, 500, "internal", "the server failed: " + e, null, List.of());
            });
            config.routes.error(404, ctx -> {
                if (!ctx.res().isCommitted() && ctx.result() == null) {
                    error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path(), null, List.of());
                }
            });
        });
    }

    /** Tells live streams which workloads changed. */
    public void changed(Set<String> ids) {
        feeds.changed(ids);
    }

    public Api start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    List<Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
        feeds.close();
    }

    private static void error(Context ctx, int status, String code, String message, String field, List<Problem> problems) {
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", p.line());
            m.put("column", p.column());
            m.put("field", p.path());
            m.put("message", p.message());
            listed.add(m);
        }
        ctx.status(status).json(Map.of("error", new Views.Error(code, message, field, listed)));
    }

    /** Where a JSON body broke, when the parser knows. */
    private static List<Problem> problems(JsonProcessingException e) {
        var at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return List.of();
        }
        String field = field(e);
        return List.of(new Problem("body", at.getLineNr(), Math.max(1, at.getColumnNr()), field == null ? "" : field, e.getOriginalMessage()));
    }

    /** The field a body's value was refused for; null when the JSON itself is broken. */
    private static String field(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return null;
        }
        return mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse(null);
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            default -> "error";
        };
    }
}
