package dev.quartermaster.cli;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.format.InvalidDocumentException;
import dev.quartermaster.format.Loader;
import dev.quartermaster.format.PlanReader;
import dev.quartermaster.plan.CapacityPlan;
import dev.quartermaster.plan.Fleets;
import dev.quartermaster.plan.Choice;
import dev.quartermaster.plan.PlanInfeasibleException;
import dev.quartermaster.plan.PlanReport;
import dev.quartermaster.plan.PlanResult;
import dev.quartermaster.plan.PlanSpec;
import dev.quartermaster.plan.PortfolioFleet;
import dev.quartermaster.plan.Sensitivity;
import dev.quartermaster.sim.Summary;
import dev.quartermaster.sim.WorkloadSource;
import dev.quartermaster.sim.trace.TraceFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qm plan}: sizes a portfolio of commitments with an LP, then checks it by simulation. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Sizes a portfolio of commitments across providers. An LP (ojAlgo) over the",
            "demand's time buckets chooses the committed GPUs per offer and term at least",
            "cost (commitments used or not, plus owned, on-demand and spot use) under the",
            "plan's budget, provider share and restricted-data rules. The simulator then",
            "replays the demand on that portfolio with the cost policy and reports the",
            "real cost, JCT and wait, and the gap to the LP's estimate.",
            "The demand is any simulator source (--philly DIR, --alibaba DIR, --gavel JSON,",
            "--synthetic N, --workloads FILE...), scaled and grown as the plan says.",
            "Exit status: 0 planned, 1 invalid or infeasible plan, 2 wrong command line, 3 the LP solver gave up."})
final class PlanCommand implements Callable<Integer> {

    /** The most sensitivity amounts simulated: every amount of the curve. */
    static final int MAX_POINTS = 8;

    @Parameters(paramLabel = "PLAN", description = "the plan document (YAML or JSON); see examples/plan.yaml")
    Path planFile;

    @Mixin
    SimulationInput workloads;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the simulations (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sensitivity-points", defaultValue = "3", paramLabel = "N",
            description = "amounts of the main commitment to simulate for the sensitivity curve, nearest the chosen one"
                    + " first; the LP's cost is given at every amount (default ${DEFAULT-VALUE}; 0: none)")
    int points;

    @Option(names = "--report", paramLabel = "FILE", description = "write a self-contained HTML report to FILE")
    Path report;

    @Option(names = "--fleet-out", paramLabel = "FILE", description = "write the fleet with the chosen commitments to FILE")
    Path fleetOut;

    @Mixin
    Output output;

    @Override
    public Integer call() {
        PrintWriter out = output.out();
        PrintWriter err = output.err();
        if (points < 0 || points > MAX_POINTS) {
            err.println("qm plan: --sensitivity-points must be from 0 to " + MAX_POINTS + ", not " + points);
            return Main.USAGE;
        }
        if (!OutputFiles.writable(err, "qm plan", "--report", report)
                || !OutputFiles.writable(err, "qm plan", "--fleet-out", fleetOut)) {
            return Main.USAGE;
        }
        PlanSpec plan;
        Fleet fleet;
        try {
            plan = PlanReader.read(planFile);
            List<Fleet> fleets = new java.util.ArrayList<>();
            for (Path file : plan.fleets()) {
                fleets.add(Loader.fleet(file));
            }
            fleet = Fleets.merge(plan.fleets().stream().map(Path::toString).toList(), fleets);
        } catch (InvalidDocumentException e) {
            e.problems().forEach(err::println);
            return Main.INVALID;
        } catch (dev.quartermaster.fleet.InvalidFieldException e) {
            err.println(planFile + ": " + e.field() + ": " + e.problem());
            return Main.INVALID;
        }
        List<String> problems = PortfolioFleet.check(fleet, plan);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println(planFile + ": " + p));
            return Main.INVALID;
        }
        if (workloads.fleetFile == null) {
            workloads.fleetFile = plan.fleets().get(0);
        }
        SimulationInput.Input first;
        try {
            first = workloads.input(seed, err);
        } catch (TraceFormatException | UncheckedIOException e) {
            err.println("qm plan: " + e.getMessage() + workloads.lenientHint(e));
            return Main.INVALID;
        }
        if (first == null) {
            return Main.USAGE;
        }
        if (!first.problems().isEmpty()) {
            first.problems().forEach(err::println);
            return Main.INVALID;
        }
        WorkloadSource[] unread = {first.source()};
        Supplier<WorkloadSource> demand = () -> {
            WorkloadSource next = unread[0] != null ? unread[0] : workloads.input(seed, err).source();
            unread[0] = null;
            return next;
        };
        PlanResult result;
        SimulateCommand.Progress progress = new SimulateCommand.Progress(err);
        try {
            result = CapacityPlan.run(fleet, plan, demand, workloads.start, seed, points, progress);
            progress.done();
        } catch (PlanInfeasibleException e) {
            progress.done();
            err.println("qm plan: infeasible: " + e.getMessage());
            return Main.INVALID;
        } catch (TraceFormatException e) {
            err.println("qm plan: " + e.getMessage() + workloads.lenientHint(e));
            return Main.INVALID;
        } catch (UncheckedIOException e) {
            err.println("qm plan: " + e.getMessage());
            return Main.INVALID;
        }
        if (fleetOut != null && !write(fleetOut, dev.quartermaster.format.FleetWriter.write(
                PortfolioFleet.build(fleet, plan, result.portfolio().choices())), err)) {
            return Main.INVALID;
        }
        if (output.json()) {
            out.println(Output.toJson(result));
        } else {
            out.print(render(result, planFile, plan));
        }
        if (report != null) {
            if (!write(report, PlanReport.render(result, planFile.toString()), err)) {
                return Main.INVALID;
            }
            (output.json() ? err : out).println("Report: " + report);
        }
        out.flush();
        return 0;
    }

    private static boolean write(Path file, String text, PrintWriter err) {
        try {
            Files.writeString(file, text);
            return true;
        } catch (IOException e) {
            err.println("qm plan: cannot write " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return false;
        }
    }

    static String render(PlanResult r, Path planFile, PlanSpec plan) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Plan %s: demand %s, %,d workloads from %s to %s in %d buckets of %d h%n", planFile, r.source(),
                r.workloads(), r.start(), r.end(), r.buckets(), r.bucketHours()));
        double peak = 0;
        for (double g : r.demandGpus()) {
            peak = Math.max(peak, g);
        }
        s.append(String.format(Locale.ROOT, "Demand: %,.0f reference GPU-hours, peak %,.0f reference GPUs busy (bucket mean); classes: %s%n",
                r.demandGpuHours(), peak, String.join("; ", r.demandClasses())));
        Table demand = new Table("TEAM OR KIND", "REFERENCE GPU-HOURS");
        r.demandByTeam().forEach((team, h) -> demand.row("team " + team, Money.count(Math.round(h))));
        r.demandByKind().forEach((kind, h) -> demand.row("kind " + kind, Money.count(Math.round(h))));
        s.append('\n').append(demand.render());
        Table portfolio = new Table("OFFER", "PROVIDER", "ACCELERATOR", "TERM", "GPUS", "FROM", "TO", "$/GPU-H", "COST IN PLAN",
                "CONTRACT VALUE", "LP USE", "SIM USE", "BREAK-EVEN USE");
        for (Choice c : r.portfolio().choices()) {
            Double sim = r.simulation().utilizationByPool().get(planPool(plan, c));
            portfolio.row(c.offer(), c.provider(), c.accelerator(), c.termMonths() + " months", Money.count(c.gpus()), c.start(), c.end(),
                    String.format(Locale.ROOT, "%.2f", c.pricePerGpuHour()), Money.dollars(c.cost()), Money.dollars(c.contractValue()),
                    percent(c.utilization()), sim == null ? "-" : percent(sim), percent(c.breakEvenUtilization()));
        }
        s.append(String.format(Locale.ROOT, "%nLP: %s, %,d variables, %,d constraints, solved in %.2f s%n", r.portfolio().solverState(),
                r.portfolio().variables(), r.portfolio().constraints(), r.portfolio().solveSeconds()));
        if (portfolio.isEmpty()) {
            s.append("Portfolio: no commitment; the fleet's capacity and hourly pools are cheaper for this demand.\n");
        } else {
            s.append(portfolio.render());
        }
        Table costs = new Table("CAPACITY (LP)", "COST", "GPU-HOURS");
        r.portfolio().costByKind().forEach((kind, cost) -> costs.row(kind, Money.dollars(cost),
                Money.count(Math.round(r.portfolio().gpuHoursByKind().getOrDefault(kind, 0.0)))));
        s.append('\n').append(costs.render());
        Table tiers = new Table("TIER (LP)", "COST");
        r.portfolio().costByTier().forEach((tier, cost) -> tiers.row(tier, Money.dollars(cost)));
        s.append('\n').append(tiers.render());
        Summary sim = r.simulation().summary();
        Table check = new Table("CHECK", "LP", "SIMULATION", "GAP");
        check.row("cost over the plan", Money.dollars(r.portfolio().estimate()), Money.dollars(r.simulation().cost()),
                String.format(Locale.ROOT, "%+.1f%%", 100 * r.gap()));
        check.row("cost the plan decides (without existing commitments)", Money.dollars(r.portfolio().estimate() - existing(r)),
                Money.dollars(r.simulation().cost() - existing(r)), String.format(Locale.ROOT, "%+.1f%%", 100 * r.controllableGap()));
        check.row("commitments (used or not)", Money.dollars(r.portfolio().costByKind().getOrDefault("new commitments", 0.0)
                + r.portfolio().costByKind().getOrDefault("existing commitments", 0.0)), Money.dollars(r.simulation().committedCost()), "");
        check.row("owned, on-demand, spot use", Money.dollars(r.portfolio().estimate() - r.portfolio().costByKind().getOrDefault(
                "new commitments", 0.0) - r.portfolio().costByKind().getOrDefault("existing commitments", 0.0)),
                Money.dollars(r.simulation().uncommittedCost()), "");
        check.row("GPU-hours redoing work lost (spot, failures)", Money.count(Math.round(r.portfolio().spotRedoneGpuHours())),
                Money.count(Math.round(sim.lostGpuHours())), "");
        check.row("JCT hours (mean, p95)", "-", stats(sim.jctHours().mean(), sim.jctHours().p95()), "");
        check.row("wait hours (mean, p95)", "0 (no queueing)", stats(sim.waitHours().mean(), sim.waitHours().p95()), "");
        check.row("workloads", Money.count(r.workloads()), String.format(Locale.ROOT, "%,d completed, %,d unfinished at the end, %,d rejected",
                sim.completed(), sim.unfinished(), sim.rejected()), "");
        s.append('\n').append(check.render());
        Table teams = new Table("TEAM (SIMULATION)", "P95 WAIT H", "TARGET", "P95 JCT H", "TARGET", "TARGETS MET");
        for (String team : teams(r)) {
            PlanResult.TargetCheck t = r.targets().stream().filter(x -> x.team().equals(team)).findFirst().orElse(null);
            teams.row(team, hours(r.simulation().waitP95ByTeam().getOrDefault(team, Double.NaN)), t == null ? "-" : hours(t.waitP95Hours()),
                    hours(r.simulation().jctP95ByTeam().getOrDefault(team, Double.NaN)), t == null ? "-" : hours(t.jctP95Hours()),
                    t == null ? "-" : t.met() ? "yes" : "NO");
        }
        s.append('\n').append(teams.render());
        Sensitivity sens = r.sensitivity();
        if (sens != null) {
            s.append(String.format(Locale.ROOT, "%nSensitivity to %s (%d months), the rest of the portfolio held:%n", sens.offer(), sens.termMonths()));
            Table curve = new Table("GPUS", "LP COST", "UNSERVED GPU-H", "SIM COST", "SIM P95 WAIT H", "SIM MEAN JCT H");
            for (Sensitivity.Point p : sens.points()) {
                curve.row((p.gpus() == sens.chosenGpus() ? "*" : "") + Money.count(p.gpus()), Money.dollars(p.lpCost()),
                        Money.count(Math.round(p.unserved())), Double.isNaN(p.simulatedCost()) ? "-" : Money.dollars(p.simulatedCost()),
                        Double.isNaN(p.waitP95Hours()) ? "-" : String.format(Locale.ROOT, "%.2f", p.waitP95Hours()),
                        Double.isNaN(p.jctMeanHours()) ? "-" : String.format(Locale.ROOT, "%.2f", p.jctMeanHours()));
            }
            s.append(curve.render());
        }
        return s.toString();
    }

    /** The teams of the simulation, then those of targets that have no simulated workload. */
    static List<String> teams(PlanResult r) {
        Set<String> teams = new LinkedHashSet<>(r.simulation().waitP95ByTeam().keySet());
        teams.addAll(r.simulation().jctP95ByTeam().keySet());
        r.targets().forEach(t -> teams.add(t.team()));
        return List.copyOf(teams);
    }

    private static String hours(Double h) {
        return h == null || h.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", h);
    }

    private static double existing(PlanResult r) {
        return r.portfolio().costByKind().getOrDefault("existing commitments", 0.0);
    }

    private static String planPool(PlanSpec plan, Choice c) {
        return plan.offers().stream().filter(o -> o.name().equals(c.offer())).findFirst().map(o -> PortfolioFleet.pool(o).toString()).orElse("");
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f%%", 100 * v) : "-";
    }

    private static String stats(double mean, double p95) {
        return Double.isFinite(mean) ? String.format(Locale.ROOT, "%.2f, %.2f", mean, p95) : "-";
    }
}
