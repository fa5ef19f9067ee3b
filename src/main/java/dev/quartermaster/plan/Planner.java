package dev.quartermaster.plan;

import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.money.Dollars;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * Sizes a portfolio of commitments with a mixed-integer LP (ojAlgo). Over the demand profile's buckets it chooses, per
 * offer, at most one term and a number of whole nodes (none, or from minGpus to maxGpus), and per bucket how many
 * GPU-hours each class of demand takes from each source (owned pools at their running cost, existing commitments free
 * on the margin, on-demand and spot pools at their price, the new commitments free on the margin), so that the cost
 * over the horizon is least: commitments, new and existing, paid whether used or not, plus what is bought or run by the
 * hour. Constraints: demand met in every bucket (a slower accelerator serves less reference work per GPU-hour, and a
 * spot GPU-hour less by the work its interruptions make the class do again: {@link DemandProfile#spotExposure}),
 * capacity of every source and commitment (from its start after the lead time to the end of its term), work only on
 * pools whose nodes hold as many GPUs as its gangs put on one node, restricted data only on certified (in-house) providers, no provider above {@code maxProviderShare} of the GPU-hours, the budget.
 *
 * <p>A term longer than the horizon is costed for the part inside it, like every commitment (the rest is the next
 * plan's); the report shows the whole contract's value too. When no portfolio meets the constraints,
 * {@link PlanInfeasibleException} names the binding one.
 */
public final class Planner {

    /** Reference GPU-hours below this are rounding, not unserved demand. */
    static final double TOLERANCE = 1e-3;

    private final PlanSpec spec;
    private final DemandProfile profile;
    private final List<Supply> supplies = new ArrayList<>();
    private final Map<String, Boolean> certified = new HashMap<>();
    private final Map<String, Tier> tiers = new HashMap<>();
    private final Map<String, Double> onDemandPrice = new HashMap<>();
    private final double existingCost;
    private final Map<String, Double> existingByTier = new TreeMap<>();
    private final LocalDate startDay;

    public Planner(Fleet fleet, PlanSpec spec, DemandProfile profile) {
        this.spec = spec;
        this.profile = profile;
        this.startDay = profile.start().atZone(ZoneOffset.UTC).toLocalDate();
        double existing = 0;
        for (Provider p : fleet.providers()) {
            certified.put(p.name(), p.certifiedForRestrictedData());
            tiers.put(p.name(), p.tier());
        }
        Map<dev.quartermaster.fleet.PoolRef, Contract> contracts = new HashMap<>();
        for (Provider p : fleet.providers()) {
            for (Contract c : p.contracts()) {
                contracts.putIfAbsent(c.pool(), c);
            }
        }
        for (Site site : fleet.sites()) {
            NodePool pool = site.pool();
            String kind = site.tier() == Tier.IN_HOUSE ? Supply.OWNED : pool.isSpot() ? Supply.SPOT : Supply.ON_DEMAND;
            Contract contract = contracts.get(site.ref());
            double interruptions = pool.isSpot() ? pool.spot().interruptionsPerHour() : 0;
            double[] always = new double[profile.buckets()];
            java.util.Arrays.fill(always, 1);
            int committed = 0;
            if (contract != null) {
                double[] active = active(contract.start(), contract.end());
                committed = contract.gpus();
                supplies.add(new Supply(site.ref() + " (" + contract.name() + ")", site.provider().name(), site.tier(), pool.accelerator(),
                        pool.gpusPerNode(), site.provider().certifiedForRestrictedData(), Supply.EXISTING, committed, 0, active, interruptions));
                existing += committed * contract.pricePerGpuHour() * hours(active);
                existingByTier.merge(label(site.tier()), committed * contract.pricePerGpuHour() * hours(active), Double::sum);
                // outside the contract's dates the whole pool is there at its price
                double[] outside = new double[profile.buckets()];
                for (int b = 0; b < outside.length; b++) {
                    outside[b] = 1 - active[b];
                }
                if (hours(outside) > 0) {
                    supplies.add(new Supply(site.ref() + " (outside " + contract.name() + ")", site.provider().name(), site.tier(),
                            pool.accelerator(), pool.gpusPerNode(), site.provider().certifiedForRestrictedData(), kind, committed,
                            pool.pricePerGpuHour(), outside, interruptions));
                }
            }
            if (pool.gpus() > committed) {
                supplies.add(new Supply(site.ref().toString(), site.provider().name(), site.tier(), pool.accelerator(),
                        pool.gpusPerNode(), site.provider().certifiedForRestrictedData(), kind, pool.gpus() - committed, pool.pricePerGpuHour(), always,
                        interruptions));
            }
            if (kind.equals(Supply.ON_DEMAND)) {
                onDemandPrice.merge(pool.accelerator(), pool.pricePerGpuHour(), Math::min);
            }
        }
        this.existingCost = existing;
    }

    public List<Supply> supplies() {
        return List.copyOf(supplies);
    }

    /** The least-cost portfolio; throws {@link PlanInfeasibleException} naming the binding constraint when there is none. */
    public Portfolio optimise() {
        Solved solved = solve(Map.of(), true);
        if (solved.unserved > TOLERANCE) {
            throw diagnose(solved);
        }
        if (spec.budget() != null && solved.portfolio.estimate() > spec.budget() * (1 + 1e-9)) {
            throw new PlanInfeasibleException("budget", "the cheapest portfolio that meets the demand"
                    + (spec.maxProviderShare() == null ? "" : " and the other constraints") + " costs "
                    + Dollars.amount(solved.portfolio.estimate()) + " over the " + days() + " days (existing commitments "
                    + Dollars.amount(existingCost) + " included), more than the budget of " + Dollars.amount(spec.budget()));
        }
        return solved.portfolio;
    }

    /**
     * The cost of a given portfolio: each offer named in {@code fixed} committed with the term and GPUs given
     * ({@code {months, gpus}}), the others not at all; the rest of the LP chooses how to serve the demand. Demand it
     * cannot serve is reported in {@link Portfolio#unserved()}, not thrown; the budget is not checked.
     */
    public Portfolio evaluate(Map<String, int[]> fixed) {
        return solve(fixed, true).portfolio;
    }

    private String days() {
        return String.format(Locale.ROOT, "%.0f", profile.hours() / 24);
    }

    private PlanInfeasibleException diagnose(Solved solved) {
        if (spec.maxProviderShare() != null) {
            Solved free = solve(Map.of(), false);
            if (free.unserved <= TOLERANCE) {
                return new PlanInfeasibleException("maxProviderShare", String.format(Locale.ROOT, "with no provider above %.0f%% of"
                        + " the GPU-hours, %,.0f reference GPU-hours of demand (%s, worst in bucket %d from %s) cannot be served;"
                        + " without that constraint all of it can", 100 * spec.maxProviderShare(), solved.unserved,
                        profile.classes().get(solved.worstClass).label(), solved.worstBucket, bucketStart(solved.worstBucket)));
            }
        }
        DemandProfile.DemandClass c = profile.classes().get(solved.worstClass);
        double needed = profile.demand()[solved.worstClass][solved.worstBucket] / profile.bucketHours() / c.fastest();
        double capacity = 0;
        for (Supply s : supplies) {
            if (serves(c, s.provider(), s.accelerator(), s.gpusPerNode())) {
                capacity += s.gpus() * s.active()[solved.worstBucket];
            }
        }
        for (Offer o : spec.offers()) {
            if (serves(c, o.provider(), o.accelerator(), o.gpusPerNode())) {
                capacity += o.maxNodes() * o.gpusPerNode() * maxActive(o, solved.worstBucket);
            }
        }
        String what = c.restricted() ? "restricted data only in-house" : "capacity";
        String where = c.restricted() ? "certified (in-house) pools and offers" : "pools and offers";
        return new PlanInfeasibleException(what, String.format(Locale.ROOT, "demand of %s needs about %,.0f GPUs on average in"
                + " bucket %d from %s, but the %s of %s give at most %,.0f then; %,.0f reference GPU-hours cannot be served in all",
                c.label(), needed, solved.worstBucket, bucketStart(solved.worstBucket), where, String.join(", ", c.accelerators().keySet()),
                capacity, solved.unserved));
    }

    private Instant bucketStart(int b) {
        return profile.start().plusSeconds((long) b * profile.bucketHours() * 3600);
    }

    private double maxActive(Offer o, int bucket) {
        double max = 0;
        for (Term t : o.terms()) {
            max = Math.max(max, active(contractStart(o), contractEnd(o, t))[bucket]);
        }
        return max;
    }

    /** Whether capacity of {@code provider} with nodes of {@code gpusPerNode} GPUs can hold the class's work. */
    private boolean serves(DemandProfile.DemandClass c, String provider, String accelerator, int gpusPerNode) {
        return c.accelerators().containsKey(accelerator) && (!c.restricted() || certified.getOrDefault(provider, false))
                && gpusPerNode >= c.gpusPerNode();
    }

    LocalDate contractStart(Offer o) {
        return startDay.plusDays(o.leadTimeDays());
    }

    LocalDate contractEnd(Offer o, Term t) {
        return contractStart(o).plusMonths(t.months()).minusDays(1);
    }

    /** Per bucket, the share of it from the start of {@code from} to the end of {@code to}. */
    private double[] active(LocalDate from, LocalDate to) {
        double[] active = new double[profile.buckets()];
        double a = java.time.Duration.between(profile.start(), from.atStartOfDay(ZoneOffset.UTC).toInstant()).toMillis() / 3_600_000.0;
        double z = java.time.Duration.between(profile.start(), to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toMillis() / 3_600_000.0;
        int h = profile.bucketHours();
        for (int b = 0; b < active.length; b++) {
            double overlap = Math.min(z, (b + 1.0) * h) - Math.max(a, (double) b * h);
            active[b] = Math.max(0, Math.min(1, overlap / h));
        }
        return active;
    }

    private double hours(double[] active) {
        double sum = 0;
        for (double a : active) {
            sum += a * profile.bucketHours();
        }
        return sum;
    }

    private record Candidate(Offer offer, Term term, double[] active, Variable nodes, Variable chosen) {}

    private record Solver(String state, int variables, int constraints, double seconds) {}

    private record Solved(Portfolio portfolio, double unserved, int worstClass, int worstBucket) {}

    private Solved solve(Map<String, int[]> fixed, boolean share) {
        int buckets = profile.buckets();
        int h = profile.bucketHours();
        List<DemandProfile.DemandClass> classes = profile.classes();
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        model.options.time_abort = 120_000;
        double maxPrice = 1;
        for (Supply s : supplies) {
            maxPrice = Math.max(maxPrice, s.pricePerGpuHour());
        }
        for (Offer o : spec.offers()) {
            for (Term t : o.terms()) {
                maxPrice = Math.max(maxPrice, t.pricePerGpuHour());
            }
        }
        double penalty = 100 * maxPrice / Math.min(1, minSpeed());
        // the commitments
        List<Candidate> candidates = new ArrayList<>();
        for (Offer o : spec.offers()) {
            int[] fix = fixed.get(o.name());
            Expression oneTerm = model.addExpression("one-term-" + o.name()).upper(1);
            for (Term t : o.terms()) {
                double[] active = active(contractStart(o), contractEnd(o, t));
                String id = o.name() + "-" + t.months() + "m";
                Variable nodes = model.addVariable("nodes-" + id).lower(0).upper(o.maxNodes()).integer(true)
                        .weight(o.gpusPerNode() * t.pricePerGpuHour() * hours(active));
                Variable chosen = model.addVariable("chosen-" + id).binary();
                oneTerm.set(chosen, 1);
                int minNodes = (o.minGpus() + o.gpusPerNode() - 1) / o.gpusPerNode();
                model.addExpression("max-" + id).upper(0).set(nodes, 1).set(chosen, -o.maxNodes());
                model.addExpression("min-" + id).lower(0).set(nodes, 1).set(chosen, -Math.max(1, minNodes));
                if (fix != null || !fixed.isEmpty()) {
                    boolean on = fix != null && fix[0] == t.months() && fix[1] > 0;
                    int n = on ? fix[1] / o.gpusPerNode() : 0;
                    nodes.lower(n).upper(n);
                    chosen.lower(on ? 1 : 0).upper(on ? 1 : 0);
                }
                candidates.add(new Candidate(o, t, active, nodes, chosen));
            }
        }
        // serving the demand
        Variable[][][] fromSupply = new Variable[classes.size()][supplies.size()][buckets];
        Variable[][][] fromCommitment = new Variable[classes.size()][candidates.size()][buckets];
        Variable[][] unserved = new Variable[classes.size()][buckets];
        Map<String, Expression> byProvider = new LinkedHashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            DemandProfile.DemandClass c = classes.get(k);
            for (int t = 0; t < buckets; t++) {
                double demand = profile.demand()[k][t];
                if (demand <= 0) {
                    continue;
                }
                Expression meet = model.addExpression("demand-" + k + "-" + t).level(demand);
                unserved[k][t] = model.addVariable("unserved-" + k + "-" + t).lower(0).weight(penalty);
                meet.set(unserved[k][t], 1);
                for (int s = 0; s < supplies.size(); s++) {
                    Supply supply = supplies.get(s);
                    if (supply.active()[t] > 0 && serves(c, supply.provider(), supply.accelerator(), supply.gpusPerNode())) {
                        Variable z = model.addVariable("z-" + k + "-" + s + "-" + t).lower(0).weight(supply.pricePerGpuHour());
                        fromSupply[k][s][t] = z;
                        // on spot, part of the hours bought redo work that interruptions lost
                        meet.set(z, c.accelerators().get(supply.accelerator()) / (1 + redone(supply, k)));
                        provider(model, byProvider, supply.provider(), share, z);
                    }
                }
                for (int j = 0; j < candidates.size(); j++) {
                    Candidate cand = candidates.get(j);
                    if (cand.active()[t] > 0 && serves(c, cand.offer().provider(), cand.offer().accelerator(), cand.offer().gpusPerNode())) {
                        Variable w = model.addVariable("w-" + k + "-" + j + "-" + t).lower(0);
                        fromCommitment[k][j][t] = w;
                        meet.set(w, c.accelerators().get(cand.offer().accelerator()));
                        provider(model, byProvider, cand.offer().provider(), share, w);
                    }
                }
            }
        }
        for (int t = 0; t < buckets; t++) {
            for (int s = 0; s < supplies.size(); s++) {
                Expression cap = null;
                for (int k = 0; k < classes.size(); k++) {
                    if (fromSupply[k][s][t] != null) {
                        cap = cap != null ? cap : model.addExpression("supply-" + s + "-" + t)
                                .upper(supplies.get(s).gpus() * supplies.get(s).active()[t] * h);
                        cap.set(fromSupply[k][s][t], 1);
                    }
                }
            }
            for (int j = 0; j < candidates.size(); j++) {
                Candidate cand = candidates.get(j);
                Expression cap = null;
                for (int k = 0; k < classes.size(); k++) {
                    if (fromCommitment[k][j][t] != null) {
                        cap = cap != null ? cap : model.addExpression("commitment-" + j + "-" + t).upper(0)
                                .set(cand.nodes(), -cand.offer().gpusPerNode() * cand.active()[t] * h);
                        cap.set(fromCommitment[k][j][t], 1);
                    }
                }
            }
        }
        if (share && spec.maxProviderShare() != null) {
            for (Expression e : byProvider.values()) {
                e.upper(0);
            }
        }
        long began = System.nanoTime();
        Optimisation.Result result = model.minimise();
        double seconds = (System.nanoTime() - began) / 1e9;
        if (!result.getState().isFeasible()) {
            // With unserved demand allowed the model is always feasible: the solver gave up, typically on a big model.
            throw new IllegalStateException("the LP solver (ojAlgo) gave up on the planning model (" + model.getVariables().size()
                    + " variables, " + model.getExpressions().size() + " constraints): " + result.getState()
                    + "; coarser time buckets (bucketHours) or a shorter horizon (horizonDays) make it smaller");
        }
        return read(candidates, fromSupply, fromCommitment, unserved, new Solver(result.getState().toString(), model.getVariables().size(),
                model.getExpressions().size(), seconds));
    }

    /** Hours of work done again per hour of {@code supply} that serves class {@code k}: interruptions x exposure. */
    private double redone(Supply supply, int k) {
        return supply.interruptionsPerHour() * profile.spotExposure()[k];
    }

    private double minSpeed() {
        double min = 1;
        for (DemandProfile.DemandClass c : profile.classes()) {
            for (double v : c.accelerators().values()) {
                min = Math.min(min, v);
            }
        }
        return min;
    }

    /** Adds GPU-hours {@code v} to its provider's share constraint: provider - share x all <= 0. */
    private void provider(ExpressionsBasedModel model, Map<String, Expression> byProvider, String provider, boolean share, Variable v) {
        if (!share || spec.maxProviderShare() == null) {
            return;
        }
        double limit = spec.maxProviderShare();
        for (String p : allProviders()) {
            Expression e = byProvider.computeIfAbsent(p, k -> model.addExpression("share-" + k));
            e.set(v, (p.equals(provider) ? 1 : 0) - limit);
        }
    }

    private List<String> allProviders() {
        List<String> all = new ArrayList<>();
        supplies.forEach(s -> {
            if (!all.contains(s.provider())) {
                all.add(s.provider());
            }
        });
        spec.offers().forEach(o -> {
            if (!all.contains(o.provider())) {
                all.add(o.provider());
            }
        });
        return all;
    }

    private Solved read(List<Candidate> candidates, Variable[][][] fromSupply, Variable[][][] fromCommitment, Variable[][] unserved,
            Solver solver) {
        int buckets = profile.buckets();
        Map<String, Double> costByKind = new TreeMap<>();
        Map<String, Double> hoursByProvider = new TreeMap<>();
        Map<String, Double> hoursByKind = new TreeMap<>();
        Map<String, Double> costByTier = new TreeMap<>(existingByTier);
        if (existingCost > 0) {
            costByKind.put(Supply.EXISTING, existingCost);
        }
        double redone = 0;
        for (int k = 0; k < fromSupply.length; k++) {
            for (int s = 0; s < supplies.size(); s++) {
                Supply supply = supplies.get(s);
                double redoneShare = redone(supply, k) / (1 + redone(supply, k));
                for (int t = 0; t < buckets; t++) {
                    double v = value(fromSupply[k][s][t]);
                    if (v > 0) {
                        redone += v * redoneShare;
                        costByKind.merge(supply.kind(), v * supply.pricePerGpuHour(), Double::sum);
                        costByTier.merge(label(supply.tier()), v * supply.pricePerGpuHour(), Double::sum);
                        hoursByProvider.merge(supply.provider(), v, Double::sum);
                        hoursByKind.merge(supply.kind(), v, Double::sum);
                    }
                }
            }
        }
        List<Choice> choices = new ArrayList<>();
        for (int j = 0; j < candidates.size(); j++) {
            Candidate cand = candidates.get(j);
            int nodes = (int) Math.round(value(cand.nodes()));
            if (nodes <= 0) {
                continue;
            }
            Offer o = cand.offer();
            int gpus = nodes * o.gpusPerNode();
            double[] used = new double[buckets];
            for (int k = 0; k < fromCommitment.length; k++) {
                for (int t = 0; t < buckets; t++) {
                    used[t] += value(fromCommitment[k][j][t]);
                }
            }
            double committedHours = gpus * hours(cand.active());
            double cost = committedHours * cand.term().pricePerGpuHour();
            costByKind.merge(Supply.NEW, cost, Double::sum);
            costByTier.merge(label(tiers.getOrDefault(o.provider(), o.tier())), cost, Double::sum);
            double usedSum = java.util.Arrays.stream(used).sum();
            hoursByProvider.merge(o.provider(), usedSum, Double::sum);
            hoursByKind.merge(Supply.NEW, usedSum, Double::sum);
            choices.add(new Choice(o.name(), o.provider(), o.accelerator(), cand.term().months(), cand.term().pricePerGpuHour(), gpus,
                    contractStart(o), contractEnd(o, cand.term()), committedHours, cost, used,
                    onDemandPrice.getOrDefault(o.accelerator(), Double.NaN)));
        }
        double missing = 0;
        double worst = -1;
        int worstClass = 0;
        int worstBucket = 0;
        for (int k = 0; k < unserved.length; k++) {
            for (int t = 0; t < buckets; t++) {
                double u = value(unserved[k][t]);
                missing += u;
                if (u > worst) {
                    worst = u;
                    worstClass = k;
                    worstBucket = t;
                }
            }
        }
        double estimate = costByKind.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Solved(new Portfolio(List.copyOf(choices), estimate, costByKind, costByTier, hoursByProvider, hoursByKind, redone, missing,
                solver.state(),
                solver.variables(), solver.constraints(), solver.seconds()),
                missing, worstClass, worstBucket);
    }

    private static String label(Tier tier) {
        return tier.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static double value(Variable v) {
        if (v == null || v.getValue() == null) {
            return 0;
        }
        return Math.max(0, v.getValue().doubleValue());
    }
}
