package dev.quartermaster.plan;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.sim.Faults;
import dev.quartermaster.sim.JobRecord;
import dev.quartermaster.sim.Simulation;
import dev.quartermaster.sim.Summary;
import dev.quartermaster.sim.WorkloadSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The simulator's check of a portfolio: the demand replayed on the portfolio's fleet with the {@code cost} policy up
 * to the horizon, and its real cost over the same period as the LP's estimate: every commitment over the horizon,
 * used or not, plus what the work was billed outside commitments.
 *
 * @param cost commitments over the horizon plus the work billed outside them
 * @param waitP95ByTeam p95 wait in hours per team, over the workloads that started
 * @param jctP95ByTeam p95 job completion time in hours per team, over the workloads that completed
 */
public record SimulationCheck(Summary summary, double cost, double committedCost, double uncommittedCost,
        Map<String, Double> waitP95ByTeam, Map<String, Double> jctP95ByTeam, Map<String, Double> utilizationByPool) {

    public static final String POLICY = "cost";

    /**
     * Runs the simulation; {@code windows}: the pools that are there only for a while (the new commitments' pools);
     * {@code progress} hears about long runs.
     */
    public static SimulationCheck run(Fleet fleet, List<Simulation.PoolWindow> windows, WorkloadSource source, Instant start,
            Instant horizon, long seed, Consumer<String> progress) {
        Map<String, List<Double>> waits = new TreeMap<>();
        Map<String, List<Double>> jcts = new TreeMap<>();
        Consumer<JobRecord> sink = r -> {
            if (!Double.isNaN(r.waitSeconds())) {
                waits.computeIfAbsent(r.team(), k -> new ArrayList<>()).add(r.waitSeconds() / 3600);
            }
            if (!Double.isNaN(r.jct())) {
                jcts.computeIfAbsent(r.team(), k -> new ArrayList<>()).add(r.jct() / 3600);
            }
        };
        Summary summary;
        try (source) {
            Simulation.Options options = new Simulation.Options(seed, Simulation.DEFAULT_TICK, Faults.SPOT_ONLY, horizon)
                    .withPoolWindows(windows);
            summary = new Simulation(fleet, Policies.byName(POLICY), source, start, options, sink).run(progress);
        }
        Instant makespanEnd = start.plusMillis(Math.round(summary.makespanHours() * 3_600_000.0));
        double committedHorizon = 0;
        double committedMakespan = 0;
        double committedHoursMakespan = 0;
        for (Provider p : fleet.providers()) {
            for (Contract c : p.contracts()) {
                double h = hours(c, start, horizon);
                committedHorizon += c.gpus() * h * c.pricePerGpuHour();
                double hm = hours(c, start, makespanEnd);
                committedMakespan += c.gpus() * hm * c.pricePerGpuHour();
                committedHoursMakespan += c.gpus() * hm;
            }
        }
        // the summary's idle committed dollars are at the commitments' mean price; so is their used part here
        double meanPrice = committedHoursMakespan == 0 ? 0 : committedMakespan / committedHoursMakespan;
        double usedCommitted = summary.committedUtilization() * committedHoursMakespan * meanPrice;
        double uncommitted = Math.max(0, summary.cost() - usedCommitted);
        return new SimulationCheck(summary, committedHorizon + uncommitted, committedHorizon, uncommitted, p95(waits), p95(jcts),
                summary.poolUtilization());
    }

    private static Map<String, Double> p95(Map<String, List<Double>> byTeam) {
        Map<String, Double> p95 = new LinkedHashMap<>();
        byTeam.forEach((team, list) -> p95.put(team, Summary.Stats.of(list.stream().mapToDouble(Double::doubleValue).toArray(), list.size())
                .p95()));
        return p95;
    }

    /** Hours of a contract's term between {@code from} and {@code to}. */
    private static double hours(Contract c, Instant from, Instant to) {
        Instant a = c.start().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant z = c.end().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        a = a.isAfter(from) ? a : from;
        z = z.isBefore(to) ? z : to;
        return z.isAfter(a) ? Duration.between(a, z).toMillis() / 3_600_000.0 : 0;
    }
}
