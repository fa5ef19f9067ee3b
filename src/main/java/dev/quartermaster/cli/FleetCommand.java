package dev.quartermaster.cli;

import dev.quartermaster.fleet.Labels;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.format.Loader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code qm fleet}: looks at a fleet document. */
@Command(name = "fleet", mixinStandardHelpOptions = true, description = "Shows a fleet.",
        subcommands = FleetCommand.Show.class)
final class FleetCommand {

    /** GPUs of one accelerator type from one provider. */
    record Capacity(String tier, String provider, String accelerator, int pools, int gpus, int elasticGpus, int committedGpus) {}

    record ContractView(String name, String provider, String pool, int gpus, String start, String end, double pricePerGpuHour,
            long termHours, double totalValue) {}

    record TeamView(String name, String cohort, double weight, Map<String, Quota> quota) {}

    record FleetView(List<Capacity> capacity, int totalGpus, int totalElasticGpus, List<ContractView> contracts,
            double committedValue, List<TeamView> teams) {}

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Shows GPUs by tier, provider and accelerator, the contracts with their value over the term,",
                "and the teams with their quotas. Exit status: 0 shown, 1 invalid fleet, 2 wrong command line."})
    static final class Show implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the fleet document (YAML or JSON)")
        Path file;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            Loader.Loaded loaded = Loader.load(file, null);
            PrintWriter out = output.out();
            PrintWriter err = output.err();
            if (!loaded.ok() || !loaded.isFleet()) {
                if (loaded.ok()) {
                    err.println(file + ": is not a fleet document: it has none of the fields accelerators, providers, teams");
                }
                loaded.problems().forEach(err::println);
                err.flush();
                return Main.INVALID;
            }
            FleetView view = view(loaded.fleet());
            if (output.json()) {
                out.println(Output.toJson(view));
            } else {
                out.print(render(view));
            }
            out.flush();
            return 0;
        }
    }

    static FleetView view(Fleet fleet) {
        Map<List<String>, int[]> totals = new LinkedHashMap<>();
        for (Site site : fleet.sites()) {
            List<String> key = List.of(label(site.tier()), site.provider().name(), site.pool().accelerator());
            int[] t = totals.computeIfAbsent(key, k -> new int[4]);
            t[0]++;
            t[site.pool().elastic() ? 2 : 1] += site.pool().gpus();
        }
        for (Provider provider : fleet.providers()) {
            for (Contract contract : provider.contracts()) {
                Site site = fleet.site(contract.pool()).orElseThrow();
                totals.get(List.of(label(site.tier()), provider.name(), site.pool().accelerator()))[3] += contract.gpus();
            }
        }
        List<Capacity> capacity = new ArrayList<>();
        totals.entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(e -> tierOrder(e.getKey().get(0))))
                .forEach(e -> capacity.add(new Capacity(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2),
                        e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3])));
        List<ContractView> contracts = fleet.providers().stream()
                .flatMap(p -> p.contracts().stream().map(c -> new ContractView(c.name(), p.name(), c.pool().toString(), c.gpus(),
                        c.start().toString(), c.end().toString(), c.pricePerGpuHour(), c.termHours(), c.totalValue())))
                .toList();
        List<TeamView> teams = fleet.teams().stream()
                .map(t -> new TeamView(t.name(), t.cohort(), t.weight(), t.quota())).toList();
        return new FleetView(capacity, capacity.stream().mapToInt(Capacity::gpus).sum(),
                capacity.stream().mapToInt(Capacity::elasticGpus).sum(), contracts,
                contracts.stream().mapToDouble(ContractView::totalValue).sum(), teams);
    }

    private static int tierOrder(String tier) {
        return List.of("in-house", "specialized", "hyperscaler").indexOf(tier);
    }

    static String render(FleetView view) {
        StringBuilder out = new StringBuilder();
        Table capacity = new Table("TIER", "PROVIDER", "ACCELERATOR", "POOLS", "GPUS", "ON-DEMAND MAX", "COMMITTED");
        view.capacity().forEach(c -> capacity.row(c.tier(), c.provider(), c.accelerator(), c.pools(), Money.count(c.gpus()),
                Money.count(c.elasticGpus()), Money.count(c.committedGpus())));
        capacity.row("total", "", "", view.capacity().stream().mapToInt(Capacity::pools).sum(), Money.count(view.totalGpus()),
                Money.count(view.totalElasticGpus()), Money.count(view.capacity().stream().mapToInt(Capacity::committedGpus).sum()));
        out.append("GPUs by tier, provider and accelerator\n").append(capacity.render());
        if (!view.contracts().isEmpty()) {
            Table contracts = new Table("CONTRACT", "PROVIDER", "POOL", "GPUS", "TERM", "$/GPU-HOUR", "VALUE OVER TERM");
            view.contracts().forEach(c -> contracts.row(c.name(), c.provider(), c.pool(), Money.count(c.gpus()),
                    c.start() + " .. " + c.end(), Money.price(c.pricePerGpuHour()), Money.dollars(c.totalValue())));
            out.append("\nContracts (take-or-pay: paid whether used or not), ").append(Money.dollars(view.committedValue()))
                    .append(" committed in all\n").append(contracts.render());
        }
        if (!view.teams().isEmpty()) {
            Table teams = new Table("TEAM", "COHORT", "WEIGHT", "QUOTA (nominal GPUs, +borrowing limit)");
            view.teams().forEach(t -> teams.row(t.name(), t.cohort(), Money.plain(t.weight()), quota(t.quota())));
            out.append("\nTeams\n").append(teams.render());
        }
        return out.toString();
    }

    private static String quota(Map<String, Quota> quota) {
        return quota.entrySet().stream().map(e -> e.getKey() + " " + Money.count(e.getValue().nominal())
                + (e.getValue().borrowingLimit() == Quota.UNLIMITED ? "" : " +" + Money.count(e.getValue().borrowingLimit())))
                .collect(Collectors.joining(", "));
    }

    private static String label(Enum<?> e) {
        return Labels.of(e);
    }

}
