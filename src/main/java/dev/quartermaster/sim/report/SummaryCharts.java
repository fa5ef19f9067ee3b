package dev.quartermaster.sim.report;

import static dev.quartermaster.sim.report.Html.dollars;
import static dev.quartermaster.sim.report.Html.number;

import dev.quartermaster.sim.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The report's four charts of a summary: the JCT CDF, GPUs in use per tier, the cost rate and the commitments. */
final class SummaryCharts {

    static final String JCT_TITLE = "Job completion time (CDF)";
    static final String GPUS_TITLE = "GPUs in use by tier";
    static final String COST_TITLE = "Cost rate over time";
    static final String COMMITMENT_TITLE = "Commitments: committed GPUs and their use";

    /** Colors that stay apart for color-blind readers (Okabe and Ito). */
    static final Map<String, String> TIER_COLORS = Map.of("in-house", "#0072B2", "specialized", "#E69F00", "hyperscaler", "#009E73");
    private static final String OTHER_COLOR = "#CC79A7";

    private SummaryCharts() {}

    static List<String> all(Summary s) {
        return List.of(jctCdf(s), gpusByTier(s), costRate(s), commitments(s));
    }

    /** The share of completed workloads finished within x hours; on a log axis when JCTs span more than 50 times. */
    static String jctCdf(Summary s) {
        double[] q = s.jctQuantiles();
        if (q.length == 0) {
            return new SvgChart("chart-jct", JCT_TITLE, "No workload completed, so there is no job completion time to show.")
                    .x(Scale.linear(0, 1, 5), "job completion time (hours)", null)
                    .y(Scale.linear(0, 1, 5), "fraction of completed workloads", null)
                    .note("No workload completed").render();
        }
        double positiveMin = Arrays.stream(q).filter(v -> v > 0).min().orElse(1);
        double max = q[q.length - 1];
        boolean log = max > 0 && max / positiveMin > 50;
        Scale x = log ? Scale.log(positiveMin, max) : Scale.linear(0, max, 6);
        double[] ys = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            ys[i] = q.length == 1 ? 1 : i / (double) (q.length - 1);
        }
        Summary.Stats jct = s.jctHours();
        String description = String.format(java.util.Locale.ROOT,
                "Cumulative distribution of the job completion time of %s completed workloads%s: half finished within %s hours,"
                        + " 95%% within %s hours, all within %s hours.",
                Html.count(jct.count()), log ? " on a logarithmic time axis" : "", number(jct.p50(), 2), number(jct.p95(), 2),
                number(jct.max(), 2));
        return new SvgChart("chart-jct", JCT_TITLE, description)
                .x(x, "job completion time (hours" + (log ? ", log scale)" : ")"), null)
                .y(Scale.linear(0, 1, 5), "fraction of completed workloads", null)
                .line("completed workloads", TIER_COLORS.get("in-house"), q, ys, false)
                .rule(jct.p50(), "p50 " + number(jct.p50(), 2) + " h")
                .rule(jct.p95(), "p95 " + number(jct.p95(), 2) + " h")
                .render();
    }

    /** GPUs in use stacked by tier; tiers that never ran anything are left out. */
    static String gpusByTier(Summary s) {
        Time time = Time.of(s);
        List<String> names = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        List<double[]> series = new ArrayList<>();
        double[] total = new double[time.xs().length];
        StringBuilder peaks = new StringBuilder();
        for (Map.Entry<String, double[]> e : s.series().gpusInUseByTier().entrySet()) {
            double peak = max(e.getValue());
            if (peak <= 0) {
                continue;
            }
            names.add(e.getKey());
            colors.add(TIER_COLORS.getOrDefault(e.getKey(), OTHER_COLOR));
            series.add(e.getValue());
            for (int i = 0; i < total.length; i++) {
                total[i] += e.getValue()[i];
            }
            peaks.append(peaks.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(number(peak, 0))
                    .append(" (mean ").append(number(mean(e.getValue()), 0)).append(')');
        }
        SvgChart chart = new SvgChart("chart-gpus", GPUS_TITLE, series.isEmpty()
                ? "No GPU was in use at any sample."
                : "GPUs in use through simulated time, stacked by tier. Peak by tier: " + peaks + ".")
                .x(time.scale(), time.label(), null)
                .y(Scale.linear(0, max(total), 5), "GPUs in use", null);
        if (series.isEmpty()) {
            return chart.note("No GPU was in use").render();
        }
        return chart.stacked(names, colors, time.xs(), series).render();
    }

    /** Dollars per hour: the running work at its price and the active commitments at theirs, used or not. */
    static String costRate(Summary s) {
        Time time = Time.of(s);
        double[] rate = s.series().costPerHour();
        double mean = mean(rate);
        String description = "Dollars per hour of simulated time, commitments paid whether used or not: peak "
                + dollars(max(rate)) + " per hour, mean " + dollars(mean) + " per hour.";
        SvgChart chart = new SvgChart("chart-cost", COST_TITLE, description)
                .x(time.scale(), time.label(), null)
                .y(Scale.linear(0, max(rate), 5), "dollars per hour", v -> "$" + Scale.compact(v).toUpperCase(java.util.Locale.ROOT))
                .area(null, "#CC79A7", time.xs(), null, rate)
                .line("cost rate ($/h)", "#A1467E", time.xs(), rate, false);
        if (rate.length > 0) {
            chart.line("mean " + dollars(mean) + "/h", "#444444", new double[] {0, time.end()}, new double[] {mean, mean}, true);
        }
        return chart.render();
    }

    /** Committed GPUs (the commitments active at each time) with the part in use below and the idle part above. */
    static String commitments(Summary s) {
        Time time = Time.of(s);
        double[] committed = s.series().committedGpus();
        double[] inUse = s.series().committedGpusInUse();
        double peak = max(committed);
        double meanCommitted = mean(committed);
        String description = peak <= 0
                ? "No commitment was active during the simulation."
                : "Committed GPUs of the active contracts through simulated time, and how many of them were in use: on average "
                        + number(mean(inUse), 0) + " of " + number(meanCommitted, 0) + " ("
                        + Html.percent(meanCommitted == 0 ? 0 : mean(inUse) / meanCommitted) + ").";
        SvgChart chart = new SvgChart("chart-commitments", COMMITMENT_TITLE, description)
                .x(time.scale(), time.label(), null)
                .y(Scale.linear(0, peak, 5), "committed GPUs", null);
        if (peak <= 0) {
            return chart.note("No commitment was active").render();
        }
        return chart.area("in use", TIER_COLORS.get("in-house"), time.xs(), null, inUse)
                .area("idle", "#BBBBBB", time.xs(), inUse, committed)
                .line("committed", "#222222", time.xs(), committed, false)
                .render();
    }

    /** The time axis of the series: hours, or days for runs longer than four days. */
    record Time(double[] xs, double end, Scale scale, String label) {

        static Time of(Summary s) {
            double[] hours = s.series().hours();
            double endHours = Math.max(s.makespanHours(), hours.length == 0 ? 0 : hours[hours.length - 1]);
            boolean days = endHours > 96;
            double unit = days ? 24 : 1;
            double[] xs = new double[hours.length];
            for (int i = 0; i < hours.length; i++) {
                xs[i] = hours[i] / unit;
            }
            double end = endHours / unit;
            return new Time(xs, end, Scale.linear(0, end, 7), "simulated time (" + (days ? "days" : "hours") + ")");
        }
    }

    static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    static double mean(double[] values) {
        return values.length == 0 ? 0 : Arrays.stream(values).sum() / values.length;
    }
}
