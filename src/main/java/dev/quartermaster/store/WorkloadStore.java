package dev.quartermaster.store;

import dev.quartermaster.lifecycle.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** Workloads and their append-only history of transitions. */
public final class WorkloadStore {

    private static final String COLUMNS = "id, seq, team, name, kind, priority, gpus, state, reason, submitted_by, submitted_at, updated_at, version, idempotency_key, document";

    private final Jdbi jdbi;

    public WorkloadStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Inserts submissions in one transaction, each with its first transition to PENDING. A submission whose team and
     * idempotency key are already stored is not inserted again: the result maps each submission's id to the id the
     * store holds for it (its own, or the earlier one's).
     */
    public Map<String, String> insertAll(List<NewWorkload> submissions) {
        return jdbi.inTransaction(h -> {
            PreparedBatch insert = h.prepareBatch("""
                    insert into workloads (id, team, name, kind, priority, gpus, state, document, idempotency_key, submitted_by, submitted_at, updated_at)
                    values (:id, :team, :name, :kind, :priority, :gpus, 'PENDING', :document, :key, :by, :at, :at)
                    on conflict (team, idempotency_key) do nothing""");
            for (NewWorkload s : submissions) {
                insert.bind("id", s.id()).bind("team", s.workload().team()).bind("name", s.workload().name())
                        .bind("kind", s.workload().kind().name()).bind("priority", s.workload().priority())
                        .bind("gpus", s.workload().gpus() * s.workload().replicas()).bind("document", s.document())
                        .bind("key", s.idempotencyKey()).bind("by", s.submittedBy()).bind("at", s.at()).add();
            }
            int[] counts = insert.execute();
            Map<String, String> ids = new LinkedHashMap<>();
            PreparedBatch history = h.prepareBatch("insert into transitions (workload_id, from_state, to_state, at, reason) values (:id, null, 'PENDING', :at, 'submitted')");
            boolean any = false;
            for (int i = 0; i < counts.length; i++) {
                NewWorkload s = submissions.get(i);
                if (counts[i] > 0) {
                    ids.put(s.id(), s.id());
                    history.bind("id", s.id()).bind("at", s.at()).add();
                    any = true;
                } else {
                    ids.put(s.id(), h.createQuery("select id from workloads where team = :team and idempotency_key = :key")
                            .bind("team", s.workload().team()).bind("key", s.idempotencyKey()).mapTo(String.class).one());
                }
            }
            if (any) {
                history.execute();
            }
            return ids;
        });
    }

    public Optional<WorkloadRow> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from workloads where id = :id").bind("id", id)
                .map((rs, ctx) -> Rows.workload(rs)).findOne());
    }

    public List<WorkloadRow> list(WorkloadQuery q) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from workloads where true");
        if (q.team() != null) {
            sql.append(" and team = :team");
        }
        if (q.status() != null) {
            sql.append(" and state = :state");
        }
        if (q.kind() != null) {
            sql.append(" and kind = :kind");
        }
        if (q.after() != null) {
            sql.append(" and seq < :after");
        }
        sql.append(" order by seq desc limit :limit");
        return jdbi.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("limit", q.limit());
            if (q.team() != null) {
                query.bind("team", q.team());
            }
            if (q.status() != null) {
                query.bind("state", q.status().name());
            }
            if (q.kind() != null) {
                query.bind("kind", q.kind().toUpperCase(Locale.ROOT));
            }
            if (q.after() != null) {
                query.bind("after", q.after());
            }
            return query.map((rs, ctx) -> Rows.workload(rs)).list();
        });
    }

    /** Every workload not yet finished, in submission order: what a restarting server hands the engine again. */
    public List<WorkloadRow> unfinished() {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from workloads where state not in ('SUCCEEDED', 'FAILED', 'CANCELLED') order by seq")
                .map((rs, ctx) -> Rows.workload(rs)).list());
    }

    /** Pending workloads in the order the queue takes them: priority, then submission. */
    public List<WorkloadRow> pending(String team, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from workloads where state = 'PENDING'"
                        + (team == null ? "" : " and team = :team") + " order by priority desc, seq limit :limit")
                .bind("team", team).bind("limit", limit).map((rs, ctx) -> Rows.workload(rs)).list());
    }

    public List<Transition> history(String id) {
        return jdbi.withHandle(h -> h.createQuery("select id, workload_id, from_state, to_state, at, reason from transitions where workload_id = :id order by id")
                .bind("id", id).map((rs, ctx) -> Rows.transition(rs)).list());
    }

    /** Transitions with an id above {@code afterId}, oldest first: what a live stream sends next. */
    public List<Transition> historySince(String id, long afterId) {
        return jdbi.withHandle(h -> h.createQuery("select id, workload_id, from_state, to_state, at, reason from transitions where workload_id = :id and id > :after order by id")
                .bind("id", id).bind("after", afterId).map((rs, ctx) -> Rows.transition(rs)).list());
    }

    /** Workloads per state. */
    public Map<Status, Long> countByStatus() {
        Map<Status, Long> counts = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("select state, count(*) from workloads group by state")
                .map((rs, ctx) -> Map.entry(Status.valueOf(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /**
     * Moves workloads on, each only from the state the caller saw (optimistic concurrency): a transition whose
     * workload has moved on meanwhile fails the whole group.
     */
    public static void transition(Handle h, List<Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        PreparedBatch update = h.prepareBatch("update workloads set state = :to, reason = :reason, updated_at = :at, version = version + 1 where id = :id and state = :from");
        PreparedBatch history = h.prepareBatch("insert into transitions (workload_id, from_state, to_state, at, reason) values (:id, :from, :to, :at, :reason)");
        for (Step s : steps) {
            update.bind("id", s.id()).bind("from", s.from().name()).bind("to", s.to().name()).bind("at", s.at()).bind("reason", s.reason()).add();
            history.bind("id", s.id()).bind("from", s.from().name()).bind("to", s.to().name()).bind("at", s.at()).bind("reason", s.reason()).add();
        }
        int[] counts = update.execute();
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) {
                stale.add(steps.get(i).id() + " (expected " + steps.get(i).from() + ")");
            }
        }
        if (!stale.isEmpty()) {
            throw new IllegalStateException("workloads moved on meanwhile: " + stale);
        }
        history.execute();
    }

    /** One transition to make. */
    public record Step(String id, Status from, Status to, Instant at, String reason) {
        public Step {
            if (!from.canMoveTo(to)) {
                throw new IllegalArgumentException(id + ": no transition from " + from + " to " + to);
            }
        }
    }
}
