package dev.quartermaster.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Dispatches (one row per attempt to run a workload) and the ledger entries that close them. */
public final class RunStore {

    private final Jdbi jdbi;

    public RunStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static void insertDispatches(Handle h, List<Dispatch> dispatches) {
        if (dispatches.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("""
                insert into placements (workload_id, attempt, replica, cluster, pool, provider, tier, region, accelerator, gpus, block, nodes,
                    gpus_per_node, speed, price_basis, marginal_price, price_per_gpu_hour, dispatched_at)
                values (:workloadId, :attempt, :replica, :cluster, :pool, :provider, :tier, :region, :accelerator, :gpus, :block, :nodes,
                    :gpusPerNode, :speed, :priceBasis, :marginalPrice, :pricePerGpuHour, :dispatchedAt)""");
        for (Dispatch d : dispatches) {
            batch.bindMethods(d).bindArray("nodes", Integer.class, d.nodes()).add();
        }
        batch.execute();
    }

    /** An attempt that started running, or ended ({@code outcome} set). */
    public record Mark(String workloadId, int attempt, Instant at, String outcome) {}

    public static void markStarted(Handle h, List<Mark> marks) {
        if (marks.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("update placements set started_at = :at where workload_id = :workloadId and attempt = :attempt and ended_at is null");
        marks.forEach(m -> batch.bindMethods(m).add());
        batch.execute();
    }

    public static void markEnded(Handle h, List<Mark> marks) {
        if (marks.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("update placements set ended_at = :at, outcome = :outcome where workload_id = :workloadId and attempt = :attempt and ended_at is null");
        marks.forEach(m -> batch.bindMethods(m).add());
        batch.execute();
    }

    /** Keeps the backend's own id ({@code outcome} of the mark) of attempts. */
    public static void markAccepted(Handle h, List<Mark> marks) {
        if (marks.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("update placements set external_id = :outcome where workload_id = :workloadId and attempt = :attempt");
        marks.forEach(m -> batch.bindMethods(m).add());
        batch.execute();
    }

    public static void insertLedger(Handle h, List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("""
                insert into ledger (workload_id, team, provider, tier, pool, accelerator, gpus, started_at, ended_at, gpu_hours, dollars, price_basis)
                values (:workloadId, :team, :provider, :tier, :pool, :accelerator, :gpus, :startedAt, :endedAt, :gpuHours, :dollars, :priceBasis)""");
        for (LedgerEntry e : entries) {
            batch.bindMethods(e).add();
        }
        batch.execute();
    }

    /** Every dispatch of a workload, oldest first. */
    public List<Dispatch> dispatches(String workloadId) {
        return jdbi.withHandle(h -> h.createQuery("select * from placements where workload_id = :id order by attempt, replica")
                .bind("id", workloadId).map((rs, ctx) -> dispatch(rs)).list());
    }

    /** The highest attempt number of each workload with one: a restarted server numbers new attempts after it. */
    public java.util.Map<String, Integer> lastAttempts() {
        java.util.Map<String, Integer> last = new java.util.HashMap<>();
        jdbi.useHandle(h -> h.createQuery("select workload_id, max(attempt) from placements group by workload_id")
                .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getInt(2))).forEach(e -> last.put(e.getKey(), e.getValue())));
        return last;
    }

    /** Dispatches not known to have ended: what reconciliation asks the backends about. */
    public List<Dispatch> open() {
        return jdbi.withHandle(h -> h.createQuery("select * from placements where ended_at is null order by id")
                .map((rs, ctx) -> dispatch(rs)).list());
    }

    public List<LedgerEntry> ledger(String workloadId) {
        return jdbi.withHandle(h -> h.createQuery("select * from ledger where workload_id = :id order by id")
                .bind("id", workloadId).map((rs, ctx) -> ledgerEntry(rs)).list());
    }

    static Dispatch dispatch(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Array nodes = rs.getArray("nodes");
        List<Integer> nodeList = nodes == null ? List.of() : java.util.Arrays.stream((Integer[]) nodes.getArray()).toList();
        return new Dispatch(rs.getString("workload_id"), rs.getInt("attempt"), rs.getInt("replica"), rs.getString("cluster"), rs.getString("pool"),
                rs.getString("provider"), rs.getString("tier"), rs.getString("region"), rs.getString("accelerator"), rs.getInt("gpus"),
                rs.getInt("block"), nodeList, rs.getInt("gpus_per_node"), rs.getDouble("speed"),
                rs.getString("price_basis"), rs.getDouble("marginal_price"), rs.getDouble("price_per_gpu_hour"), rs.getString("external_id"),
                Rows.instant(rs, "dispatched_at"), Rows.instant(rs, "started_at"), Rows.instant(rs, "ended_at"), rs.getString("outcome"));
    }

    static LedgerEntry ledgerEntry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LedgerEntry(rs.getString("workload_id"), rs.getString("team"), rs.getString("provider"), rs.getString("tier"),
                rs.getString("pool"), rs.getString("accelerator"), rs.getInt("gpus"), Rows.instant(rs, "started_at"),
                Rows.instant(rs, "ended_at"), rs.getDouble("gpu_hours"), rs.getDouble("dollars"), rs.getString("price_basis"));
    }
}
