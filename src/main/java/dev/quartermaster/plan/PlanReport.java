package dev.quartermaster.plan;

import dev.quartermaster.money.Dollars;
import dev.quartermaster.sim.Summary;
import dev.quartermaster.sim.report.ReportPage;
import dev.quartermaster.sim.report.ReportPage.Kpi;
import dev.quartermaster.sim.report.ReportPage.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A capacity plan as one self-contained HTML page: the portfolio, the cost by kind of capacity, the demand and each
 * commitment's use over time, the sensitivity curve, the check by simulation, then the simulation's own charts.
 */
public final class PlanReport {

    private static final String[] COLORS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"};

    private PlanReport() {}

    public static String render(PlanResult r, String planName) {
        Portfolio p = r.portfolio();
        Summary sim = r.simulation().summary();
        List<Kpi> kpis = List.of(
                new Kpi("LP estimate", Dollars.amount(p.estimate()), "cost over the plan, commitments used or not"),
                new Kpi("simulated cost", Dollars.amount(r.simulation().cost()), String.format(Locale.ROOT, "gap %+.1f%%, %+.1f%% without existing commitments", 100 * r.gap(), 100 * r.controllableGap())),
                new Kpi("commitments", Integer.toString(p.choices().size()), String.format(Locale.ROOT, "%,d GPUs",
                        p.choices().stream().mapToInt(Choice::gpus).sum())),
                new Kpi("p95 wait", number(sim.waitHours().p95()) + " h", "simulated; the LP assumes none"),
                new Kpi("mean JCT", number(sim.jctHours().mean()) + " h", "p95 " + number(sim.jctHours().p95()) + " h"),
                new Kpi("demand", String.format(Locale.ROOT, "%,.0f", r.demandGpuHours()), "reference GPU-hours, " + r.workloads() + " workloads"));
        List<String> charts = new ArrayList<>();
        double[] xs = new double[r.buckets()];
        for (int b = 0; b < xs.length; b++) {
            xs[b] = (b + 0.5) * r.bucketHours() / 24.0;
        }
        List<Line> use = new ArrayList<>();
        use.add(new Line("demand (reference GPUs)", "#444444", r.demandGpus(), true));
        for (int i = 0; i < p.choices().size(); i++) {
            Choice c = p.choices().get(i);
            double[] gpus = new double[xs.length];
            for (int b = 0; b < xs.length; b++) {
                gpus[b] = c.usedGpuHours()[b] / r.bucketHours();
            }
            use.add(new Line(c.offer() + " used (of " + c.gpus() + ")", COLORS[i % COLORS.length], gpus, false));
        }
        charts.add(ReportPage.lineChart("plan-use", "Demand and the use of each commitment (LP)", "Mean GPUs per bucket: the demand"
                + " in reference GPUs and the GPUs the LP puts on each commitment.", "days from the start", xs, "GPUs", false, use));
        Sensitivity s = r.sensitivity();
        if (s != null && !s.points().isEmpty()) {
            double[] gx = s.points().stream().mapToDouble(Sensitivity.Point::gpus).toArray();
            List<Line> cost = new ArrayList<>();
            double existing = p.costByKind().getOrDefault(Supply.EXISTING, 0.0);
            cost.add(new Line("LP cost", "#0072B2", s.points().stream().mapToDouble(pt -> pt.lpCost() - existing).toArray(), false));
            List<Sensitivity.Point> simulated = s.points().stream().filter(pt -> !Double.isNaN(pt.simulatedCost())).toList();
            charts.add(ReportPage.lineChart("plan-sensitivity-cost", "Cost as " + s.offer() + " varies (LP)", "Cost over the plan"
                    + " without the existing commitments (" + Dollars.amount(existing) + ", the same at every amount) at each committed"
                    + " amount of " + s.offer() + ", the rest of the portfolio held; chosen: " + s.chosenGpus() + " GPUs.",
                    "committed GPUs of " + s.offer(), gx, "dollars, without existing commitments", true, false, cost));
            if (!simulated.isEmpty()) {
                double[] sx = simulated.stream().mapToDouble(Sensitivity.Point::gpus).toArray();
                charts.add(ReportPage.lineChart("plan-sensitivity-sim", "Simulated cost as " + s.offer() + " varies",
                        "The simulated cost over the plan without the existing commitments at " + simulated.size() + " committed amounts.",
                        "committed GPUs of " + s.offer(), sx, "dollars, without existing commitments", true, false,
                        List.of(new Line("simulated cost", "#E69F00",
                                simulated.stream().mapToDouble(pt -> pt.simulatedCost() - existing).toArray(), false))));
                charts.add(ReportPage.lineChart("plan-sensitivity-wait", "Simulated p95 wait as " + s.offer() + " varies",
                        "p95 wait in hours at each simulated amount.", "committed GPUs of " + s.offer(), sx, "hours", false,
                        List.of(new Line("p95 wait (h)", "#D55E00", simulated.stream().mapToDouble(pt -> finite(pt.waitP95Hours())).toArray(),
                                false))));
            }
        }
        charts.addAll(ReportPage.simulationCharts(sim));
        List<String> tables = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Choice c : p.choices()) {
            rows.add(List.of(c.offer(), c.provider(), c.accelerator(), c.termMonths() + " months", String.format(Locale.ROOT, "%,d", c.gpus()),
                    c.start() + " to " + c.end(), Dollars.price(c.pricePerGpuHour()), Dollars.amount(c.cost()), Dollars.amount(c.contractValue()),
                    percent(c.utilization()), percent(c.breakEvenUtilization())));
        }
        tables.add(ReportPage.table("Portfolio", List.of("offer", "provider", "accelerator", "term", "GPUs", "dates", "price", "cost in plan",
                "contract value", "LP use", "break-even use"), rows));
        List<List<String>> costs = new ArrayList<>();
        p.costByKind().forEach((kind, cost) -> costs.add(List.of(kind, Dollars.amount(cost),
                String.format(Locale.ROOT, "%,.0f", p.gpuHoursByKind().getOrDefault(kind, 0.0)))));
        tables.add(ReportPage.table("Cost by kind of capacity (LP)", List.of("capacity", "cost", "GPU-hours"), costs));
        List<List<String>> tiers = new ArrayList<>();
        p.costByTier().forEach((tier, cost) -> tiers.add(List.of(tier, Dollars.amount(cost))));
        tables.add(ReportPage.table("Cost by tier (LP)", List.of("tier", "cost"), tiers));
        tables.add(ReportPage.table("Check by simulation (policy " + SimulationCheck.POLICY + ")", List.of("measure", "LP", "simulation"), List.of(
                List.of("cost over the plan", Dollars.amount(p.estimate()), Dollars.amount(r.simulation().cost())),
                List.of("commitments, used or not", Dollars.amount(p.costByKind().getOrDefault(Supply.NEW, 0.0)
                        + p.costByKind().getOrDefault(Supply.EXISTING, 0.0)), Dollars.amount(r.simulation().committedCost())),
                List.of("gap", "", String.format(Locale.ROOT, "%+.1f%%", 100 * r.gap())),
                List.of("gap without existing commitments", "", String.format(Locale.ROOT, "%+.1f%%", 100 * r.controllableGap())),
                List.of("GPU-hours redoing work lost (spot, failures)", String.format(Locale.ROOT, "%,.0f", p.spotRedoneGpuHours()),
                        String.format(Locale.ROOT, "%,.0f", sim.lostGpuHours())),
                List.of("p95 wait (h)", "0", number(sim.waitHours().p95())),
                List.of("mean JCT (h)", "-", number(sim.jctHours().mean())))));
        if (s != null) {
            List<List<String>> curve = new ArrayList<>();
            for (Sensitivity.Point pt : s.points()) {
                curve.add(List.of(String.format(Locale.ROOT, "%,d%s", pt.gpus(), pt.gpus() == s.chosenGpus() ? " (chosen)" : ""),
                        Dollars.amount(pt.lpCost()), String.format(Locale.ROOT, "%,.0f", pt.unserved()),
                        Double.isNaN(pt.simulatedCost()) ? "-" : Dollars.amount(pt.simulatedCost()), number(pt.waitP95Hours())));
            }
            tables.add(ReportPage.table("Sensitivity to " + s.offer(), List.of("GPUs", "LP cost", "unserved GPU-h", "simulated cost",
                    "p95 wait (h)"), curve));
        }
        if (!r.targets().isEmpty()) {
            List<List<String>> targets = new ArrayList<>();
            r.targets().forEach(t -> targets.add(List.of(t.team(), number(t.waitP95Hours()), number(t.simulatedWaitP95Hours()),
                    number(t.jctP95Hours()), number(t.simulatedJctP95Hours()), t.met() ? "yes" : "no")));
            tables.add(ReportPage.table("Team targets", List.of("team", "target p95 wait (h)", "simulated (h)", "target p95 JCT (h)",
                    "simulated (h)", "met"), targets));
        }
        tables.addAll(ReportPage.simulationTables(sim));
        return ReportPage.page("Quartermaster: capacity plan " + planName, "Capacity plan " + planName,
                "demand " + r.source() + " \u00b7 " + r.start() + " to " + r.end() + " \u00b7 " + r.buckets() + " buckets of "
                        + r.bucketHours() + " h", kpis, charts, tables,
                "The LP serves demand as a fluid in each bucket (no queueing, no gangs, no provisioning delay); the simulation"
                        + " replays the same workloads on the chosen portfolio with the real engine up to the same horizon. Costs"
                        + " over the plan count every commitment for its days inside the plan, used or not. Break-even use: the"
                        + " share of a commitment's GPU-hours that must be used for it to cost no more than the cheapest on-demand"
                        + " price of its type in the fleet.");
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static String number(Double v) {
        return v != null && Double.isFinite(v) ? String.format(Locale.ROOT, "%,.2f", v) : "-";
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f%%", 100 * v) : "-";
    }
}
