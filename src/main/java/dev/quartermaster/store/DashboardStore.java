package dev.quartermaster.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The dashboard's questions: workloads with where they run (or ran), since when and what they cost; cost per day
 * grouped by team, provider or tier with the GPU-hours of work that succeeded.
 */
public final class DashboardStore {

    /** A workload with its latest placement (null fields before the first) and its cost so far. */
    public record Board(String id, String name, String team, String kind, int priority, int gpus, String state, String reason,
            Instant submittedAt, Instant updatedAt, String pool, String provider, String tier, String accelerator,
            Instant dispatchedAt, Instant startedAt, Instant endedAt, double dollars, double gpuHours) {}

    /** One group's cost on one UTC day; {@code usefulGpuHours} are those of workloads that succeeded. */
    public record Day(String day, String key, double dollars, double gpuHours, double usefulGpuHours) {}

    private final Jdbi jdbi;

    public DashboardStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Workloads newest first; {@code states} upper-case names or null for all; team and kind (its enum name) optional. */
    public List<Board> board(String team, List<String> states, String kind, int limit) {
        StringBuilder sql = new StringBuilder("""
                select w.id, w.name, w.team, w.kind, w.priority, w.gpus, w.state, w.reason, w.submitted_at, w.updated_at,
                       p.pool, p.provider, p.tier, p.accelerator, p.dispatched_at, p.started_at, p.ended_at,
                       coalesce(l.dollars, 0), coalesce(l.gpu_hours, 0)
                from workloads w
                left join lateral (select pool, provider, tier, accelerator, dispatched_at, started_at, ended_at
                                   from placements where workload_id = w.id order by id desc limit 1) p on true
                left join lateral (select sum(dollars) as dollars, sum(gpu_hours) as gpu_hours
                                   from ledger where workload_id = w.id) l on true
                where true""");
        if (team != null) {
            sql.append(" and w.team = :team");
        }
        if (states != null) {
            sql.append(" and w.state in (<states>)");
        }
        if (kind != null) {
            sql.append(" and w.kind = :kind");
        }
        sql.append(" order by w.seq desc limit :limit");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            if (team != null) {
                q.bind("team", team);
            }
            if (states != null) {
                q.bindList("states", states);
            }
            if (kind != null) {
                q.bind("kind", kind);
            }
            return q.map((rs, ctx) -> new Board(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getString(4).toLowerCase(Locale.ROOT).replace('_', '-'), rs.getInt(5), rs.getInt(6),
                    rs.getString(7).toLowerCase(Locale.ROOT), rs.getString(8), instant(rs, 9), instant(rs, 10), rs.getString(11),
                    rs.getString(12), rs.getString(13), rs.getString(14), instant(rs, 15), instant(rs, 16), instant(rs, 17),
                    rs.getDouble(18), rs.getDouble(19))).list();
        });
    }

    /** Cost per UTC day of runs that ended in [from, to), of one team's work or all (null), grouped by {@code by}; oldest day first. */
    public List<Day> daily(CostStore.By by, String team, Instant from, Instant to) {
        String column = "l." + by.label();
        return jdbi.withHandle(h -> h.createQuery("select to_char(date_trunc('day', l.ended_at at time zone 'UTC'), 'YYYY-MM-DD') as day, "
                        + column + ", sum(l.dollars), sum(l.gpu_hours), coalesce(sum(l.gpu_hours) filter (where w.state = 'SUCCEEDED'), 0)"
                        + " from ledger l join workloads w on w.id = l.workload_id"
                        + " where (cast(:from as timestamptz) is null or l.ended_at >= :from) and (cast(:to as timestamptz) is null or l.ended_at < :to)"
                        + " and (cast(:team as text) is null or l.team = :team)"
                        + " group by 1, 2 order by 1, 3 desc, 2")
                .bind("from", from).bind("to", to).bind("team", team)
                .map((rs, ctx) -> new Day(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5))).list());
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
