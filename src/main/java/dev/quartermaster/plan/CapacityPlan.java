package dev.quartermaster.plan;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.sim.WorkloadSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A whole plan: the demand profile from the source, the LP's portfolio, the simulation of it with the {@code cost}
 * policy up to the horizon, and the sensitivity curve of the main commitment. {@code demand} gives a fresh source of
 * the raw workloads at each call (the profile and every simulation read it once).
 */
public final class CapacityPlan {

    /** The amounts of the sensitivity curve, as fractions of the chosen commitment. */
    static final double[] FRACTIONS = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2};

    private CapacityPlan() {}

    /** The instant the plan's horizon ends, on whole buckets; null when the plan has none (up to the last arrival). */
    public static Instant horizon(PlanSpec spec, Instant start) {
        if (spec.horizonDays() == null) {
            return null;
        }
        long buckets = (long) Math.ceil(spec.horizonDays() * 24 / spec.bucketHours() - 1e-9);
        return start.plus(Duration.ofHours(Math.max(1, buckets) * spec.bucketHours()));
    }

    /**
     * Plans. {@code points}: how many amounts of the sensitivity curve to simulate (0 for none; the LP's cost is given at
     * every amount). Throws {@link PlanInfeasibleException} when no portfolio meets the plan.
     */
    public static PlanResult run(Fleet fleet, PlanSpec spec, Supplier<WorkloadSource> demand, Instant start, long seed, int points,
            Consumer<String> progress) {
        Instant horizon = horizon(spec, start);
        DemandProfile profile = DemandProfile.of(new ScaledSource(demand.get(), spec.demand(), start, horizon), start,
                spec.bucketHours(), horizon);
        Instant end = profile.end();
        Planner planner = new Planner(fleet, spec, profile);
        Portfolio portfolio = planner.optimise();
        SimulationCheck check = simulate(fleet, spec, portfolio, demand, start, end, seed, progress);
        double gap = portfolio.estimate() == 0 ? 0 : (check.cost() - portfolio.estimate()) / portfolio.estimate();
        double existing = portfolio.costByKind().getOrDefault(Supply.EXISTING, 0.0);
        double controllable = portfolio.estimate() - existing;
        double controllableGap = controllable == 0 ? 0 : (check.cost() - existing - controllable) / controllable;
        List<PlanResult.TargetCheck> targets = new ArrayList<>();
        for (Target t : spec.targets()) {
            targets.add(PlanResult.TargetCheck.of(t, check));
        }
        Sensitivity sensitivity = sensitivity(fleet, spec, planner, portfolio, demand, start, end, seed, points, progress);
        return new PlanResult(profile.source(), start, end, spec.bucketHours(),
                profile.buckets(), profile.workloads(), profile.total(), profile.averageGpus(),
                profile.classes().stream().map(DemandProfile.DemandClass::label).toList(), profile.byTeam(), profile.byKind(), portfolio,
                check, gap, controllableGap, targets, sensitivity);
    }

    private static SimulationCheck simulate(Fleet fleet, PlanSpec spec, Portfolio portfolio, Supplier<WorkloadSource> demand,
            Instant start, Instant end, long seed, Consumer<String> progress) {
        Fleet built = PortfolioFleet.build(fleet, spec, portfolio.choices());
        return SimulationCheck.run(built, PortfolioFleet.windows(spec, portfolio.choices()),
                new ScaledSource(demand.get(), spec.demand(), start, end), start, end, seed, progress);
    }

    private static Sensitivity sensitivity(Fleet fleet, PlanSpec spec, Planner planner, Portfolio best, Supplier<WorkloadSource> demand,
            Instant start, Instant end, long seed, int simulated, Consumer<String> progress) {
        if (spec.offers().isEmpty()) {
            return null;
        }
        Offer main;
        int termMonths;
        int chosen;
        Choice top = best.choices().stream().max(Comparator.comparingDouble(Choice::cost)).orElse(null);
        if (top != null) {
            main = spec.offers().stream().filter(o -> o.name().equals(top.offer())).findFirst().orElseThrow();
            termMonths = top.termMonths();
            chosen = top.gpus();
        } else {
            main = spec.offers().get(0);
            Term cheapest = main.terms().stream().min(Comparator.comparingDouble(Term::pricePerGpuHour)).orElseThrow();
            termMonths = cheapest.months();
            chosen = 0;
        }
        int base = chosen > 0 ? chosen : Math.max(main.minGpus(), main.maxGpus() / 4);
        List<Integer> amounts = new ArrayList<>();
        for (double f : FRACTIONS) {
            int nodes = (int) Math.round(f * base / main.gpusPerNode());
            int gpus = Math.min(main.maxNodes(), nodes) * main.gpusPerNode();
            if ((gpus == 0 || gpus >= main.minGpus()) && !amounts.contains(gpus)) {
                amounts.add(gpus);
            }
        }
        amounts.sort(Integer::compare);
        Map<String, int[]> rest = new LinkedHashMap<>();
        best.choices().forEach(c -> rest.put(c.offer(), new int[] {c.termMonths(), c.gpus()}));
        List<Sensitivity.Point> points = new ArrayList<>();
        // simulate the amounts nearest the chosen one first, up to the number asked for
        List<Integer> bySimulationOrder = amounts.stream().sorted(Comparator.comparingInt(g -> Math.abs(g - base))).limit(simulated).toList();
        for (int gpus : amounts) {
            Map<String, int[]> fixed = new LinkedHashMap<>(rest);
            fixed.put(main.name(), new int[] {termMonths, gpus});
            Portfolio p = planner.evaluate(fixed);
            double simCost = Double.NaN;
            double wait = Double.NaN;
            double jct = Double.NaN;
            if (bySimulationOrder.contains(gpus)) {
                SimulationCheck check = simulate(fleet, spec, p, demand, start, end, seed, progress);
                simCost = check.cost();
                wait = check.summary().waitHours().p95();
                jct = check.summary().jctHours().mean();
            }
            points.add(new Sensitivity.Point(gpus, p.estimate(), p.unserved(), simCost, wait, jct));
        }
        return new Sensitivity(main.name(), termMonths, chosen, List.copyOf(points));
    }
}
