package dev.quartermaster.store;

import dev.quartermaster.auth.Principal;
import dev.quartermaster.auth.Role;
import dev.quartermaster.auth.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Tokens, stored hashed. */
public final class TokenStore {

    /** A token as listed: never its secret. */
    public record TokenInfo(long id, String name, Role role, String team, Instant createdAt, String createdBy, Instant revokedAt) {}

    /** A token just made: the only time its secret is seen. */
    public record Created(TokenInfo info, String secret) {}

    private final Jdbi jdbi;

    public TokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static Created create(Handle h, String name, Role role, String team, String createdBy, Instant at) {
        String secret = Tokens.generate();
        long id = h.createUpdate("insert into tokens (name, hash, role, team, created_at, created_by) values (:name, :hash, :role, :team, :at, :by)")
                .bind("name", name).bind("hash", Tokens.hash(secret)).bind("role", role.name()).bind("team", team)
                .bind("at", at).bind("by", createdBy).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return new Created(new TokenInfo(id, name, role, team, at, createdBy, null), secret);
    }

    /** The live token with this secret. */
    public Optional<Principal> authenticate(String secret) {
        String hash = Tokens.hash(secret);
        return jdbi.withHandle(h -> h.createQuery("select id, name, role, team from tokens where hash = :hash and revoked_at is null")
                .bind("hash", hash)
                .map((rs, ctx) -> new Principal(rs.getLong(1), rs.getString(2), Role.valueOf(rs.getString(3)), rs.getString(4))).findOne());
    }

    public List<TokenInfo> list() {
        return jdbi.withHandle(h -> h.createQuery("select id, name, role, team, created_at, created_by, revoked_at from tokens order by id")
                .map((rs, ctx) -> new TokenInfo(rs.getLong(1), rs.getString(2), Role.valueOf(rs.getString(3)), rs.getString(4),
                        Rows.instant(rs, "created_at"), rs.getString(6), Rows.instant(rs, "revoked_at"))).list());
    }

    /** Revokes a live token; false when there is no such live token. */
    public static boolean revoke(Handle h, long id, Instant at) {
        return h.createUpdate("update tokens set revoked_at = :at where id = :id and revoked_at is null").bind("id", id).bind("at", at).execute() == 1;
    }

    public boolean anyAdmin() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from tokens where role = 'ADMIN' and revoked_at is null").mapTo(Long.class).one()) > 0;
    }
}
