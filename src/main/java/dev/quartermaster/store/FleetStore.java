package dev.quartermaster.store;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Team;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Fleet documents, one version per change; the newest is in force. Teams are rewritten with each version. */
public final class FleetStore {

    /** A stored fleet document. */
    public record Version(long version, String document, Instant createdAt, String createdBy) {}

    private final Jdbi jdbi;

    public FleetStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<Version> latest() {
        return jdbi.withHandle(h -> h.createQuery("select version, document, created_at, created_by from fleet_versions order by version desc limit 1")
                .map((rs, ctx) -> new Version(rs.getLong(1), rs.getString(2), Rows.instant(rs, "created_at"), rs.getString(4))).findOne());
    }

    /** Stores a new version of an already validated fleet, in the caller's transaction. */
    public static long save(Handle h, Fleet fleet, String document, String actor) {
        long version = h.createUpdate("insert into fleet_versions (document, created_by) values (:doc, :by)")
                .bind("doc", document).bind("by", actor).executeAndReturnGeneratedKeys("version").mapTo(Long.class).one();
        h.execute("delete from teams");
        var insert = h.prepareBatch("insert into teams (name, cohort, weight, quota, fleet_version) values (:name, :cohort, :weight, cast(:quota as jsonb), :version)");
        for (Team team : fleet.teams()) {
            insert.bind("name", team.name()).bind("cohort", team.cohort()).bind("weight", team.weight())
                    .bind("quota", quotaJson(team)).bind("version", version).add();
        }
        if (!fleet.teams().isEmpty()) {
            insert.execute();
        }
        return version;
    }

    private static String quotaJson(Team team) {
        return team.quota().entrySet().stream()
                .map(q -> "\"" + q.getKey() + "\": " + q.getValue().nominal())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from fleet_versions").mapTo(Long.class).one());
    }
}
