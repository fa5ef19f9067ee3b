package dev.quartermaster.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Every change an admin made: written in the same transaction as the change. */
public final class AuditLog {

    /** One audited change. */
    public record Entry(long id, Instant at, String actor, String action, String target, String detail) {}

    private final Jdbi jdbi;

    public AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static void record(Handle h, Instant at, String actor, String action, String target, String detail) {
        h.createUpdate("insert into audit_log (at, actor, action, target, detail) values (:at, :actor, :action, :target, :detail)")
                .bind("at", at).bind("actor", actor).bind("action", action).bind("target", target).bind("detail", detail).execute();
    }

    public List<Entry> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery("select id, at, actor, action, target, detail from audit_log order by id desc limit :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong(1), Rows.instant(rs, "at"), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6))).list());
    }
}
