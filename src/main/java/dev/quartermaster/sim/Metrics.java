package dev.quartermaster.sim;

import dev.quartermaster.fleet.Labels;
import dev.quartermaster.engine.Placement;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Adds up what a simulation measures as it goes; keeps numbers, not records. */
final class Metrics {

    private final Fleet fleet;
    private final Instant start;
    private int submitted;
    private int completed;
    private int rejected;
    private int unfinished;
    private double[] jct = new double[1024];
    private double[] wait = new double[1024];
    private double[] slowdown = new double[1024];
    private int slowdowns;
    private int jcts;
    private int waits;
    private double gpuHours;
    private double lostGpuHours;
    private int preemptions;
    private double cost;
    private double committedGpuHoursUsed;
    // Hash maps while the run adds to them (O(1) per segment of work), sorted for the summary.
    private final Map<String, Double> costByTier = new HashMap<>();
    private final Map<String, Double> costByProvider = new HashMap<>();
    private final Map<String, Double> costByTeam = new HashMap<>();
    private final Map<String, Double> gpuHoursByTier = new HashMap<>();
    private final Map<String, Double> gpuHoursByTeam = new HashMap<>();
    private static final String[] TIER_LABELS = java.util.Arrays.stream(Tier.values()).map(Labels::of).toArray(String[]::new);
    private Instant lastEnd;
    private double committedGpuHours;
    private double committedDollars;
    private final Sampler sampler;

    Metrics(Fleet fleet, Instant start) {
        this.fleet = fleet;
        this.start = start;
        this.lastEnd = start;
        this.sampler = new Sampler(start);
    }

    Sampler sampler() {
        return sampler;
    }

    int submitted() {
        return submitted;
    }

    void submitted(Arrival arrival) {
        submitted++;
    }

    void preempted() {
        preemptions++;
    }

    void used(Arrival arrival, Placement p, double hours, double dollars) {
        String tier = TIER_LABELS[p.tier().ordinal()];
        gpuHours += hours;
        cost += dollars;
        costByTier.merge(tier, dollars, Double::sum);
        costByProvider.merge(p.provider(), dollars, Double::sum);
        costByTeam.merge(arrival.workload().team(), dollars, Double::sum);
        gpuHoursByTier.merge(tier, hours, Double::sum);
        gpuHoursByTeam.merge(arrival.workload().team(), hours, Double::sum);
    }

    /**
     * Committed GPUs in use over an interval, whoever uses them and at whatever price they were placed: a contract
     * is used as much as its pool is busy, up to the committed GPUs.
     */
    void committedInUse(double gpuHours) {
        committedGpuHoursUsed += gpuHours;
    }

    void ended(JobRecord r) {
        switch (r.outcome()) {
            case "succeeded" -> {
                completed++;
                jct = add(jct, jcts++, r.jct() / 3600);
                if (r.bestRunSeconds() > 0) {
                    slowdown = add(slowdown, slowdowns++, r.jct() / r.bestRunSeconds());
                }
                lastEnd = start.plusMillis((long) (r.end() * 1000));
            }
            case "rejected" -> rejected++;
            default -> unfinished++;
        }
        if (!Double.isNaN(r.waitSeconds())) {
            wait = add(wait, waits++, r.waitSeconds() / 3600);
        }
        lostGpuHours += r.lostGpuHours();
    }

    private static double[] add(double[] values, int at, double value) {
        double[] v = at < values.length ? values : Arrays.copyOf(values, values.length * 2);
        v[at] = value;
        return v;
    }

    /** Closes the books at the end: commitments over the simulated time. */
    void finish(Instant end, Collection<Contract> contracts) {
        for (Contract c : contracts) {
            Instant from = max(start, c.start().atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
            Instant to = min(end, c.end().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
            if (to.isAfter(from)) {
                double hours = Duration.between(from, to).toMillis() / 3_600_000.0;
                committedGpuHours += c.gpus() * hours;
                committedDollars += c.gpus() * hours * c.pricePerGpuHour();
            }
        }
        if (end.isAfter(lastEnd)) {
            lastEnd = end;
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    Summary summary(String policy, String source, long seed, long events, double wallSeconds) {
        double makespan = Duration.between(start, lastEnd).toMillis() / 3_600_000.0;
        Map<String, Double> utilization = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            String name = Labels.of(tier);
            double capacity = fleet.sites().stream().filter(s -> s.tier() == tier && !s.pool().elastic())
                    .mapToDouble(Site -> Site.pool().gpus()).sum() * makespan;
            if (capacity > 0) {
                utilization.put(name, gpuHoursByTier.getOrDefault(name, 0.0) / capacity);
            }
        }
        double useful = gpuHours - lostGpuHours;
        double committedPrice = committedGpuHours == 0 ? 0 : committedDollars / committedGpuHours;
        return new Summary(policy, source, seed, submitted, completed, rejected, unfinished, Summary.Stats.of(jct, jcts),
                Summary.Stats.of(wait, waits), Summary.Stats.of(slowdown, slowdowns), makespan, gpuHours, lostGpuHours, preemptions, cost,
                useful <= 0 ? 0 : cost / useful, new TreeMap<>(costByTier), new TreeMap<>(costByProvider), new TreeMap<>(costByTeam), utilization, sampler.poolUtilization(),
                committedGpuHours == 0 ? 0 : committedGpuHoursUsed / committedGpuHours,
                Math.max(0, committedGpuHours - committedGpuHoursUsed) * committedPrice, jain(), events, wallSeconds,
                Summary.quantiles(jct, jcts), sampler.series());
    }

    /** Jain's index of GPU-hours per team divided by the team's weight, over teams that used any. */
    private double jain() {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (Team team : fleet.teams()) {
            Double used = gpuHoursByTeam.get(team.name());
            if (used != null && used > 0) {
                double x = used / team.weight();
                sum += x;
                squares += x * x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum * sum / (n * squares);
    }
}
