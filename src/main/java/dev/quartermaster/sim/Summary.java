package dev.quartermaster.sim;

import java.util.Map;

/**
 * What a simulation measured. Hours are hours of simulated time; costs are dollars.
 *
 * @param tierUtilization per tier, GPU-hours used / GPU-hours of its fixed pools over the makespan (elastic pools,
 *     bought by the hour, have no capacity to waste and are not in the denominator)
 * @param poolUtilization per pool, GPUs in use over GPUs up, averaged over the samples taken through simulated time
 *     (elastic pools included: their "up" GPUs are the most they can be provisioned to)
 * @param committedUtilization GPU-hours used inside active contracts / GPU-hours committed over the makespan
 * @param idleCommittedDollars what the unused part of the commitments cost
 * @param slowdown finish-time fairness per workload: its JCT over the time it would take alone on its fastest
 *     acceptable accelerator (1 = no wait, no interruption, best hardware)
 * @param fairness Jain's index of the teams' GPU-hours divided by their weights (1 = perfectly even)
 */
public record Summary(
        String policy,
        String source,
        long seed,
        int submitted,
        int completed,
        int rejected,
        int unfinished,
        Stats jctHours,
        Stats waitHours,
        Stats slowdown,
        double makespanHours,
        double gpuHours,
        double lostGpuHours,
        int preemptions,
        double cost,
        double costPerUsefulGpuHour,
        Map<String, Double> costByTier,
        Map<String, Double> costByProvider,
        Map<String, Double> costByTeam,
        Map<String, Double> tierUtilization,
        Map<String, Double> poolUtilization,
        double committedUtilization,
        double idleCommittedDollars,
        double fairness,
        long events,
        double wallSeconds,
        double[] jctQuantiles,
        Series series) {

    /**
     * The state of the fleet sampled through simulated time: at {@code hours[i]} after the start, GPUs in use per
     * tier, the cost rate in dollars per hour (committed capacity at its contract price whether used or not), GPUs
     * committed by active contracts and how many of them were in use.
     */
    public record Series(double[] hours, Map<String, double[]> gpusInUseByTier, double[] costPerHour, double[] committedGpus,
            double[] committedGpusInUse) {}

    /** Mean and percentiles of a distribution; NaN when it is empty. */
    public record Stats(int count, double mean, double p50, double p95, double p99, double max) {

        public static Stats of(double[] values, int count) {
            if (count == 0) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double[] sorted = java.util.Arrays.copyOf(values, count);
            java.util.Arrays.sort(sorted);
            double sum = 0;
            for (double v : sorted) {
                sum += v;
            }
            return new Stats(count, sum / count, percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
                    sorted[count - 1]);
        }

        /** Nearest-rank percentile. */
        static double percentile(double[] sorted, double p) {
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    /** JCT in hours at the quantiles 0, 0.01, ..., 1 (101 values), for a CDF; empty when nothing completed. */
    public static double[] quantiles(double[] values, int count) {
        if (count == 0) {
            return new double[0];
        }
        double[] sorted = java.util.Arrays.copyOf(values, count);
        java.util.Arrays.sort(sorted);
        double[] q = new double[101];
        for (int i = 0; i <= 100; i++) {
            q[i] = sorted[(int) Math.min(count - 1, Math.round(i / 100.0 * (count - 1)))];
        }
        return q;
    }

    /** What the run cost in all: the GPU-hours billed plus the commitments paid for but not used. */
    public double spend() {
        return cost + idleCommittedDollars;
    }

    /**
     * Whether any contract was active during the run, so that the commitment figures say something: otherwise there is
     * nothing to use or leave idle, and they read "none".
     */
    public boolean anyCommitment() {
        for (double committed : series.committedGpus()) {
            if (committed > 0) {
                return true;
            }
        }
        return committedUtilization > 0 || idleCommittedDollars > 0;
    }

    public double eventsPerSecond() {
        return wallSeconds <= 0 ? 0 : events / wallSeconds;
    }
}
