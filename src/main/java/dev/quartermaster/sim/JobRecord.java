package dev.quartermaster.sim;

import java.time.Instant;

/**
 * One workload's life in a simulation, written when it ends. Times are seconds from the simulation's start.
 *
 * @param outcome succeeded, rejected, or unfinished (still pending or running when the simulation stopped)
 * @param bestRunSeconds how long the work takes alone on its fastest acceptable accelerator (NaN for a service)
 * @param cost dollars billed for its GPU-hours: committed capacity at its contract price, the rest at the pool's
 */
public record JobRecord(String id, String name, String team, String kind, int gpus, double submit, double start,
        double end, double waitSeconds, double jct, String accelerator, String provider, String tier, String pool, double gpuHours,
        double cost, int preemptions, double lostGpuHours, String outcome, double bestRunSeconds) {

    public static final String CSV_HEADER = "id,name,team,kind,gpus,submit_s,start_s,end_s,wait_s,jct_s,accelerator,provider,"
            + "tier,pool,gpu_hours,cost_usd,preemptions,lost_gpu_hours,outcome,best_run_s";

    public String csv() {
        return String.join(",", id, name, team, kind, Integer.toString(gpus), num(submit), num(start), num(end), num(waitSeconds),
                num(jct), accelerator, provider, tier, pool, num(gpuHours), num(cost), Integer.toString(preemptions),
                num(lostGpuHours), outcome, num(bestRunSeconds));
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    static double seconds(Instant start, Instant t) {
        return t == null ? Double.NaN : (t.toEpochMilli() - start.toEpochMilli()) / 1000.0;
    }
}
