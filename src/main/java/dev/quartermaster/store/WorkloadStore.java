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
     * Inserts submissions in one transaction (two statements, whatever their number), each with its first transition
     * to PENDING. A submission whose team and idempotency key are already stored is not inserted again: the result
     * maps each submission's id to what the store holds for it (itself, or the earlier one).
     */
    public Map<String, Stored> insertAll(List<NewWorkload> submissions) {
        int n = submissions.size();
        String[] ids = new String[n];
        String[] teams = new String[n];
        String[] names = new String[n];
        String[] kinds = new String[n];
        Integer[] priorities = new Integer[n];
        Integer[] gpus = new Integer[n];
        String[] documents = new String[n];
        String[] keys = new String[n];
        String[] by = new String[n];
        java.sql.Timestamp[] at = new java.sql.Timestamp[n];
        for (int i = 0; i < n; i++) {
            NewWorkload s = submissions.get(i);
            ids[i] = s.id();
            teams[i] = s.workload().team();
            names[i] = s.workload().name();
            kinds[i] = s.workload().kind().name();
            priorities[i] = s.workload().priority();
            gpus[i] = s.workload().gpus() * s.workload().replicas();
            documents[i] = s.document();
            keys[i] = s.idempotencyKey();
            by[i] = s.submittedBy();
            at[i] = java.sql.Timestamp.from(s.at());
        }
        return jdbi.inTransaction(h -> {
            java.util.Set<String> inserted = new java.util.HashSet<>(h.createQuery("""
                    insert into workloads (id, team, name, kind, priority, gpus, state, document, idempotency_key, submitted_by, submitted_at, updated_at)
                    select id, team, name, kind, priority, gpus, 'PENDING', document, key, by, at, at
                    from unnest(:ids, :teams, :names, :kinds, :priorities, :gpus, :documents, :keys, :by, :at)
                        as s(id, team, name, kind, priority, gpus, document, key, by, at)
                    on conflict (team, idempotency_key) do nothing
                    returning id""")
                    .bindArray("ids", String.class, (Object[]) ids).bindArray("teams", String.class, (Object[]) teams)
                    .bindArray("names", String.class, (Object[]) names).bindArray("kinds", String.class, (Object[]) kinds)
                    .bindArray("priorities", Integer.class, (Object[]) priorities).bindArray("gpus", Integer.class, (Object[]) gpus)
                    .bindArray("documents", String.class, (Object[]) documents).bindArray("keys", String.class, (Object[]) keys)
                    .bindArray("by", String.class, (Object[]) by).bindArray("at", java.sql.Timestamp.class, (Object[]) at)
                    .mapTo(String.class).list());
            Map<String, Stored> stored = new LinkedHashMap<>();
            List<String> historyIds = new ArrayList<>(inserted.size());
            List<java.sql.Timestamp> historyAt = new ArrayList<>(inserted.size());
            for (int i = 0; i < n; i++) {
                NewWorkload s = submissions.get(i);
                if (inserted.contains(s.id())) {
                    stored.put(s.id(), new Stored(s.id(), true));
                    historyIds.add(s.id());
                    historyAt.add(at[i]);
                } else {
                    stored.put(s.id(), h.createQuery("select id, document from workloads where team = :team and idempotency_key = :key")
                            .bind("team", s.workload().team()).bind("key", s.idempotencyKey())
                            .map((rs, ctx) -> new Stored(rs.getString(1), rs.getString(2).equals(s.document()))).one());
                }
            }
            if (!historyIds.isEmpty()) {
                h.createUpdate("""
                        insert into transitions (workload_id, from_state, to_state, at, reason)
                        select id, null, 'PENDING', at, 'submitted' from unnest(:ids, :at) as s(id, at)""")
                        .bindArray("ids", String.class, historyIds.toArray()).bindArray("at", java.sql.Timestamp.class, historyAt.toArray())
                        .execute();
            }
            return stored;
        });
    }

    /** The workload the store holds for a submission, and whether its document is the submission's. */
    public record Stored(String id, boolean sameDocument) {}

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

    /** The newest transition's id (0 when there is none): where a live stream of every change starts. */
    public long lastTransition() {
        return jdbi.withHandle(h -> h.createQuery("select coalesce(max(id), 0) from transitions").mapTo(Long.class).one());
    }

    /** Transitions of any workload (of {@code team}, when not null) after {@code afterId}, oldest first, at most {@code limit}. */
    public List<Transition> transitionsSince(long afterId, String team, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select t.id, t.workload_id, t.from_state, t.to_state, t.at, t.reason from transitions t"
                        + (team == null ? "" : " join workloads w on w.id = t.workload_id and w.team = :team")
                        + " where t.id > :after order by t.id limit :limit")
                .bind("after", afterId).bind("team", team).bind("limit", limit).map((rs, ctx) -> Rows.transition(rs)).list());
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
