package dev.quartermaster.server;

import dev.quartermaster.engine.Engine;
import dev.quartermaster.engine.Work;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus metrics of the control plane: queue depth, decisions per second (a counter), decision latency (a turn of
 * the control loop), GPUs used per pool, idle committed GPUs, the cost rate, and the engine's work counted (its
 * cycles, searches and reservations: {@link Work}). The loop publishes a snapshot after each turn; gauges and counters
 * read the snapshot, never the engine.
 */
public final class ServerMetrics {

    private record Snapshot(int pending, int running, List<Engine.PoolUsage> pools, double costRate, Work work) {}

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(0, 0, List.of(), 0, Work.NONE));
    private final Counter transitions;
    private final Counter submissions;
    private final Timer turns;

    ServerMetrics(List<Engine.PoolUsage> pools, java.util.function.IntSupplier inbox) {
        snapshot.set(new Snapshot(0, 0, pools, 0, Work.NONE));
        transitions = Counter.builder("qm_transitions").description("Workload state transitions made durable").register(registry);
        submissions = Counter.builder("qm_submissions").description("Workloads accepted").register(registry);
        turns = Timer.builder("qm_decision_latency").description("One turn of the control loop: events applied, a scheduling cycle, its changes written")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("qm_queue_depth", () -> snapshot.get().pending()).description("Workloads pending in the engine").register(registry);
        Gauge.builder("qm_running_workloads", () -> snapshot.get().running()).description("Workloads placed and not ended").register(registry);
        Gauge.builder("qm_cost_rate_dollars_per_hour", () -> snapshot.get().costRate())
                .description("Dollars per hour billed for the work dispatched now (committed capacity at its contract price)").register(registry);
        Gauge.builder("qm_inbox_depth", inbox::getAsInt).description("Commands waiting for the control loop").register(registry);
        register(pools);
        work("qm_engine_cycles", "Scheduling cycles the engine ran", Work::cycles);
        work("qm_engine_placement_searches", "Searches for a placement of a workload (what-ifs included)",
                Work::placementSearches);
        work("qm_engine_pools_looked", "Candidate pools the placement searches looked at", Work::poolsLooked);
        work("qm_engine_offers_scored", "Offers the policy scored", Work::offersScored);
        work("qm_engine_preemption_searches", "Searches for victims to stop for a workload that did not fit",
                Work::preemptionSearches);
        work("qm_engine_preemptions_found", "Preemption searches that found victims", Work::preemptionsFound);
        work("qm_engine_reservations", "Backfill reservations worked out", Work::reservations);
        work("qm_engine_backfill_tries", "Workloads tried behind a reservation", Work::backfillTries);
        work("qm_engine_parked_for_room", "Workloads set aside until room frees up", Work::parkedForRoom);
        work("qm_engine_parked_for_quota", "Workloads set aside until quota frees up", Work::parkedForQuota);
    }

    /** A counter of the engine's work, read from the latest snapshot (it starts again from 0 with a new engine). */
    private void work(String name, String description, java.util.function.ToLongFunction<Work> count) {
        FunctionCounter.builder(name, snapshot, s -> count.applyAsLong(s.get().work())).description(description)
                .register(registry);
    }

    private final java.util.Set<String> registered = new java.util.HashSet<>();

    /** Gauges for pools not seen before (a replaced fleet may add some). */
    private void register(List<Engine.PoolUsage> pools) {
        for (Engine.PoolUsage pool : pools) {
            String name = pool.pool().toString();
            if (!registered.add(name)) {
                continue;
            }
            Gauge.builder("qm_pool_gpus_used", () -> usage(name).usedGpus()).tag("pool", name).tag("accelerator", pool.accelerator())
                    .tag("tier", dev.quartermaster.fleet.Labels.of(pool.tier())).register(registry);
            if (pool.committedGpus() > 0) {
                Gauge.builder("qm_committed_gpus_idle", () -> {
                    Engine.PoolUsage u = usage(name);
                    return Math.max(0, u.committedGpus() - u.usedGpus());
                }).tag("pool", name).register(registry);
            }
        }
    }

    /** A pool's usage now; zero for a pool the fleet in force no longer has. */
    private Engine.PoolUsage usage(String pool) {
        for (Engine.PoolUsage u : snapshot.get().pools()) {
            if (u.pool().toString().equals(pool)) {
                return u;
            }
        }
        return new Engine.PoolUsage(dev.quartermaster.fleet.PoolRef.parse("pool", pool), "", dev.quartermaster.fleet.Tier.IN_HOUSE, 0, 0, 0, false);
    }

    void observe(ControlLoop.Turn turn) {
        transitions.increment(turn.transitions());
        turns.record(turn.nanos(), TimeUnit.NANOSECONDS);
        List<Engine.PoolUsage> pools = turn.engine().poolUsage();
        register(pools);
        snapshot.set(new Snapshot(turn.engine().pendingCount(), turn.engine().runningCount(), pools, turn.costRate(),
                turn.engine().work()));
    }

    void submitted(int count) {
        submissions.increment(count);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }
}
