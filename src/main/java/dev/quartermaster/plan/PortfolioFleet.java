package dev.quartermaster.plan;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.sim.Simulation;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet a portfolio makes: the plan's fleet plus, for each commitment, a cluster {@code commit-<offer>} in the
 * offer's region with one pool of exactly the committed nodes and a contract for all of them (a provider the fleet
 * does not have is added in the offer's tier). A fleet has no dates for pools, so the pool is priced at the contract's
 * price and {@link #windows} says when it is there: from the contract's start (after the offer's lead time) to its end,
 * as the LP counts it; the simulation keeps its nodes down outside. When the demand is given to teams the fleet does
 * not have, each is added with a quota of every GPU of every type, so that quotas do not hide the capacity being
 * planned.
 */
public final class PortfolioFleet {

    public static final String CLUSTER_PREFIX = "commit-";
    public static final String POOL = "committed";

    private PortfolioFleet() {}

    /** Problems of a plan against its fleet (unknown accelerator types), empty when there are none. */
    public static List<String> check(Fleet fleet, PlanSpec spec) {
        List<String> problems = new ArrayList<>();
        List<String> types = fleet.accelerators().stream().map(Accelerator::name).toList();
        for (int i = 0; i < spec.offers().size(); i++) {
            Offer o = spec.offers().get(i);
            if (!types.contains(o.accelerator())) {
                problems.add("offers[" + i + "].accelerator: unknown accelerator '" + o.accelerator() + "'; the fleet has " + types);
            }
            if (fleet.sites().stream().anyMatch(s -> s.cluster().name().equals(clusterName(o)))) {
                problems.add("offers[" + i + "].name: the fleet already has a cluster " + clusterName(o) + "; rename the offer");
            }
        }
        spec.demand().accelerators().keySet().stream().filter(t -> !types.contains(t)).forEach(t ->
                problems.add("demand.accelerators." + t + ": unknown accelerator '" + t + "'; the fleet has " + types));
        List<String> teams = spec.demand().teams();
        for (int i = 0; i < spec.targets().size(); i++) {
            String team = spec.targets().get(i).team();
            if (!teams.isEmpty() && !teams.contains(team)) {
                problems.add("targets[" + i + "].team: the demand gives no work to team '" + team + "'; it gives work to " + teams);
            }
        }
        return problems;
    }

    static String clusterName(Offer o) {
        String name = CLUSTER_PREFIX + o.name();
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    public static PoolRef pool(Offer o) {
        return new PoolRef(clusterName(o), POOL);
    }

    /** When each commitment's pool is there: from the start of its contract's first day to the end of its last. */
    public static List<Simulation.PoolWindow> windows(PlanSpec spec, List<Choice> choices) {
        return choices.stream().map(c -> new Simulation.PoolWindow(pool(offer(spec, c)),
                c.start().atStartOfDay(ZoneOffset.UTC).toInstant(), c.end().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())).toList();
    }

    private static Offer offer(PlanSpec spec, Choice c) {
        return spec.offers().stream().filter(x -> x.name().equals(c.offer())).findFirst().orElseThrow();
    }

    public static Fleet build(Fleet base, PlanSpec spec, List<Choice> choices) {
        Map<String, Provider> providers = new LinkedHashMap<>();
        base.providers().forEach(p -> providers.put(p.name(), p));
        for (Choice c : choices) {
            Offer o = offer(spec, c);
            int nodes = c.gpus() / o.gpusPerNode();
            NodePool pool = new NodePool(POOL, o.accelerator(), nodes, false, o.gpusPerNode(), Math.min(o.blockNodes(), nodes),
                    c.pricePerGpuHour(), Duration.ZERO, null);
            Cluster cluster = new Cluster(clusterName(o), o.region(), List.of(pool));
            Contract contract = new Contract(o.name() + "-" + c.termMonths() + "m", pool(o), c.gpus(), c.start(), c.end(),
                    c.pricePerGpuHour());
            Provider old = providers.get(o.provider());
            List<Cluster> clusters = new ArrayList<>(old == null ? List.of() : old.clusters());
            List<Contract> contracts = new ArrayList<>(old == null ? List.of() : old.contracts());
            clusters.add(cluster);
            contracts.add(contract);
            providers.put(o.provider(), new Provider(o.provider(), old == null ? o.tier() : old.tier(),
                    old == null ? Set.of() : old.certifications(), clusters, contracts));
        }
        List<Team> teams = new ArrayList<>(base.teams());
        Map<String, Long> gpus = new LinkedHashMap<>();
        for (Provider p : providers.values()) {
            p.clusters().forEach(cl -> cl.pools().forEach(pl -> gpus.merge(pl.accelerator(), (long) pl.gpus(), Long::sum)));
        }
        Map<String, Quota> quota = new LinkedHashMap<>();
        gpus.forEach((type, n) -> quota.put(type, Quota.of((int) Math.min(n, (long) Quota.GPUS.max()))));
        for (String team : spec.demand().teams()) {
            if (base.team(team).isEmpty()) {
                teams.add(new Team(team, null, 1.0, quota, null));
            }
        }
        return new Fleet(base.accelerators(), List.copyOf(providers.values()), teams, base.tierPreferences());
    }
}
