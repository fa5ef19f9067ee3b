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
    // Sums that a segment of work adds to in O(1), without boxing: per tier by ordinal (with the tiers that had any),
    // per provider and team in a one-element array; sorted maps for the summary.
    private final double[] costByTier = new double[Tier.values().length];
    private final double[] gpuHoursByTier = new double[Tier.values().length];
    private final boolean[] tierUsed = new boolean[Tier.values().length];
    private final Map<String, double[]> costByProvider = new HashMap<>();
    /** Each pool's provider's sum in {@link #costByProvider}, once the pool is used. */
    private final double[][] providerCostOfPool;
    /** Per team, dollars [0] and GPU-hours [1]. */
    private final Map<String, double[]> byTeam = new HashMap<>();
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
        this.providerCostOfPool = new double[fleet.sites().size()][];
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

    /**
     * A team's sums (dollars [0], GPU-hours [1]) for {@link #used}: asked for once per workload as it first uses GPUs,
     * so that a team appears in the summary once it used some.
     */
    double[] team(String team) {
        return byTeam.computeIfAbsent(team, t -> new double[2]);
    }

    /** Work used {@code hours} GPU-hours of a placement on the pool of that index, for {@code dollars}. */
    void used(double[] team, int pool, Placement p, double hours, double dollars) {
        int tier = p.tier().ordinal();
        gpuHours += hours;
        cost += dollars;
        // The first value as it is, later ones added, as Map.merge(key, value, Double::sum) does.
        costByTier[tier] = tierUsed[tier] ? costByTier[tier] + dollars : dollars;
        gpuHoursByTier[tier] = tierUsed[tier] ? gpuHoursByTier[tier] + hours : hours;
        tierUsed[tier] = true;
        double[] provider = providerCostOfPool[pool];
        if (provider == null) {
            provider = costByProvider.computeIfAbsent(p.provider(), k -> new double[1]);
            providerCostOfPool[pool] = provider;
        }
        provider[0] += dollars;
        team[0] += dollars;
        team[1] += hours;
    }

    /** The sums' {@code component}, by key in order. */
    private static Map<String, Double> sorted(Map<String, double[]> sums, int component) {
        Map<String, Double> sorted = new TreeMap<>();
        sums.forEach((key, sum) -> sorted.put(key, sum[component]));
        return sorted;
    }

    private Map<String, Double> byTier(double[] sums) {
        Map<String, Double> sorted = new TreeMap<>();
        for (int i = 0; i < sums.length; i++) {
            if (tierUsed[i]) {
                sorted.put(TIER_LABELS[i], sums[i]);
            }
        }
        return sorted;
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
                utilization.put(name, (tierUsed[tier.ordinal()] ? gpuHoursByTier[tier.ordinal()] : 0.0) / capacity);
            }
        }
        double useful = gpuHours - lostGpuHours;
        double committedPrice = committedGpuHours == 0 ? 0 : committedDollars / committedGpuHours;
        return new Summary(policy, source, seed, submitted, completed, rejected, unfinished, Summary.Stats.of(jct, jcts),
                Summary.Stats.of(wait, waits), Summary.Stats.of(slowdown, slowdowns), makespan, gpuHours, lostGpuHours, preemptions, cost,
                useful <= 0 ? 0 : cost / useful, byTier(costByTier), sorted(costByProvider, 0), sorted(byTeam, 0), utilization, sampler.poolUtilization(),
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
            double[] used = byTeam.get(team.name());
            if (used != null && used[1] > 0) {
                double x = used[1] / team.weight();
                sum += x;
                squares += x * x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum * sum / (n * squares);
    }
}
