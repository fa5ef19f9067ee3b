package dev.quartermaster.sim;

import dev.quartermaster.fleet.Labels;
import dev.quartermaster.engine.Engine;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Samples the fleet through simulated time for the report's charts: every {@link #interval()} of simulated time,
 * doubling the interval (and keeping every other sample) whenever {@link #MAX_SAMPLES} are reached, so a run of any
 * length keeps a bounded, evenly spaced series.
 */
final class Sampler {

    static final int MAX_SAMPLES = 2048;

    private final Instant start;
    private Duration interval = Duration.ofHours(1);
    private int count;
    private double[] hours = new double[MAX_SAMPLES];
    private final Map<String, double[]> byTier = new LinkedHashMap<>();
    private double[] costPerHour = new double[MAX_SAMPLES];
    private double[] committed = new double[MAX_SAMPLES];
    private double[] committedInUse = new double[MAX_SAMPLES];
    private final Map<String, double[]> poolUsedAndUp = new LinkedHashMap<>();

    Sampler(Instant start) {
        this.start = start;
        for (String tier : new String[] {"in-house", "specialized", "hyperscaler"}) {
            byTier.put(tier, new double[MAX_SAMPLES]);
        }
    }

    Duration interval() {
        return interval;
    }

    /** Takes a sample now; {@code costPerHour} is what the running work and the active commitments cost per hour. */
    void sample(Instant now, Engine engine, double costRate) {
        if (count == MAX_SAMPLES) {
            halve();
        }
        int i = count++;
        hours[i] = Duration.between(start, now).toMillis() / 3_600_000.0;
        byTier.values().forEach(series -> series[i] = 0);
        double committedGpus = 0;
        double inUse = 0;
        for (Engine.PoolUsage usage : engine.poolUsage()) {
            double[] pool = poolUsedAndUp.computeIfAbsent(usage.pool().toString(), k -> new double[2]);
            pool[0] += usage.usedGpus();
            pool[1] += usage.upGpus();
            byTier.get(Labels.of(usage.tier()))[i] += usage.usedGpus();
            committedGpus += usage.committedGpus();
            inUse += Math.min(usage.usedGpus(), usage.committedGpus());
        }
        costPerHour[i] = costRate;
        committed[i] = committedGpus;
        committedInUse[i] = inUse;
    }

    private void halve() {
        for (double[] series : allSeries()) {
            for (int i = 0; i < MAX_SAMPLES / 2; i++) {
                series[i] = series[2 * i];
            }
        }
        count = MAX_SAMPLES / 2;
        interval = interval.multipliedBy(2);
    }

    private double[][] allSeries() {
        double[][] all = new double[4 + byTier.size()][];
        all[0] = hours;
        all[1] = costPerHour;
        all[2] = committed;
        all[3] = committedInUse;
        int k = 4;
        for (double[] series : byTier.values()) {
            all[k++] = series;
        }
        return all;
    }

    /** Per pool, GPUs in use over GPUs up, over all samples taken. */
    Map<String, Double> poolUtilization() {
        Map<String, Double> utilization = new LinkedHashMap<>();
        poolUsedAndUp.forEach((pool, usedAndUp) -> utilization.put(pool, usedAndUp[1] == 0 ? 0 : usedAndUp[0] / usedAndUp[1]));
        return utilization;
    }

    Summary.Series series() {
        Map<String, double[]> tiers = new LinkedHashMap<>();
        byTier.forEach((tier, series) -> tiers.put(tier, Arrays.copyOf(series, count)));
        return new Summary.Series(Arrays.copyOf(hours, count), tiers, Arrays.copyOf(costPerHour, count),
                Arrays.copyOf(committed, count), Arrays.copyOf(committedInUse, count));
    }
}
