package dev.quartermaster.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.quartermaster.auth.Principal;
import dev.quartermaster.auth.Role;
import dev.quartermaster.server.ApiException;
import dev.quartermaster.server.ControlPlane;
import dev.quartermaster.store.AuditLog;
import dev.quartermaster.store.TokenStore;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Tokens and the audit log: admins only. */
final class AdminRoutes {

    /** What {@code POST /api/v1/tokens} takes. */
    record NewToken(String name, String role, String team) {}

    private final ControlPlane plane;
    private final Authenticator auth;

    AdminRoutes(ControlPlane plane, Authenticator auth) {
        this.plane = plane;
        this.auth = auth;
    }

    List<Route> routes() {
        return List.of(
                new Route(POST, "/api/v1/tokens", "Create a token {name, role: admin|member|viewer, team (members)}; its secret is shown once", "admin", this::create),
                new Route(GET, "/api/v1/tokens", "List tokens (never their secrets)", "admin", this::list),
                new Route(DELETE, "/api/v1/tokens/{id}", "Revoke a token", "admin", this::revoke),
                new Route(GET, "/api/v1/audit", "The newest admin changes", "admin", this::audit));
    }

    private void create(Context ctx) {
        Principal admin = Authenticator.admin(ctx);
        NewToken body = ctx.bodyAsClass(NewToken.class);
        if (body == null || body.name() == null || body.name().isBlank() || body.name().length() > 100) {
            throw ApiException.invalid("name", "name must be 1 to 100 characters");
        }
        if (body.role() == null) {
            throw ApiException.invalid("role", "role must be one of admin, member, viewer");
        }
        Role role;
        try {
            role = Role.parse(body.role());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("role", e.getMessage());
        }
        if (role == Role.MEMBER && (body.team() == null || plane.fleet().team(body.team()).isEmpty())) {
            throw ApiException.invalid("team", "a member's token needs the team it belongs to, one of "
                    + plane.fleet().teams().stream().map(t -> t.name()).toList() + (body.team() == null ? "" : ", not '" + body.team() + "'"));
        }
        if (role != Role.MEMBER && body.team() != null) {
            throw ApiException.invalid("team", "only a member's token has a team");
        }
        Instant now = Instant.now();
        TokenStore.Created created = plane.store().jdbi().inTransaction(h -> {
            TokenStore.Created c = TokenStore.create(h, body.name(), role, body.team(), admin.name(), now);
            AuditLog.record(h, now, admin.name(), "token.create", "token " + c.info().id(), role.label() + (body.team() == null ? "" : " of " + body.team()));
            return c;
        });
        ctx.status(201).json(new Views.NewToken(created.info().id(), created.info().name(), role.label(), body.team(), created.secret()));
    }

    private void list(Context ctx) {
        Authenticator.admin(ctx);
        ctx.json(plane.store().tokens().list().stream().map(Views.Token::of).toList());
    }

    private void revoke(Context ctx) {
        Principal admin = Authenticator.admin(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id", "a token id is a whole number, not '" + ctx.pathParam("id") + "'");
        }
        Instant now = Instant.now();
        boolean revoked = plane.store().jdbi().inTransaction(h -> {
            boolean done = TokenStore.revoke(h, id, now);
            if (done) {
                AuditLog.record(h, now, admin.name(), "token.revoke", "token " + id, null);
            }
            return done;
        });
        if (!revoked) {
            throw ApiException.notFound("live token " + id);
        }
        auth.forget(id);
        ctx.json(Map.of("id", id, "revoked", true));
    }

    private void audit(Context ctx) {
        Authenticator.admin(ctx);
        List<AuditLog.Entry> entries = plane.store().audit().recent(Params.integer(ctx, "limit", 100, 1, 1000));
        ctx.json(entries);
    }
}
