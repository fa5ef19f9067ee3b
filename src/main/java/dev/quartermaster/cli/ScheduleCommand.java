package dev.quartermaster.cli;

import dev.quartermaster.fleet.Labels;
import dev.quartermaster.engine.Decision;
import dev.quartermaster.engine.Engine;
import dev.quartermaster.engine.Event;
import dev.quartermaster.engine.Placement;
import dev.quartermaster.engine.Verdict;
import dev.quartermaster.engine.WorkloadState;
import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.format.Loader;
import dev.quartermaster.workload.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qm schedule}: one scheduling cycle of the engine over a fleet and workloads, to see where work would go and why. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Shows where workloads would run: one scheduling cycle of the engine.",
            "Every workload is submitted to an empty fleet, then one tick places what fits.",
            "Shows where each workload runs and at what marginal price, and why the others wait (per pool with --explain).",
            "Exit status: 0 done, 1 invalid documents, 2 wrong command line."})
final class ScheduleCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FLEET", description = "the fleet document")
    Path fleetFile;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "WORKLOADS", description = "workload documents, in submission order")
    List<Path> workloadFiles;

    @Option(names = "--policy", defaultValue = "fair", converter = PolicyConverter.class,
            description = "fifo, fair, cost or hetero (default ${DEFAULT-VALUE})")
    Policy policy;

    @Option(names = "--at", paramLabel = "TIME", converter = InstantConverter.class,
            description = "the engine's clock, e.g. 2027-01-04T00:00:00Z or 2027-01-04 (default: now)")
    Instant at;

    @Option(names = "--explain", description = "say per pool why each waiting workload does not run there")
    boolean explain;

    @Mixin
    Output output;

    record Row(String id, String workload, String team, int gpus, String state, List<Placement> placements, String reason,
            List<String> explanation) {}

    @Override
    public Integer call() {
        PrintWriter out = output.out();
        PrintWriter err = output.err();
        Loader.Loaded fleetDoc = Loader.load(fleetFile, null);
        if (!fleetDoc.ok() || !fleetDoc.isFleet()) {
            fleetDoc.problems().forEach(err::println);
            if (fleetDoc.ok()) {
                err.println(fleetFile + ": is not a fleet document");
            }
            return Main.INVALID;
        }
        Fleet fleet = fleetDoc.fleet();
        Map<String, Workload> workloads = new LinkedHashMap<>();
        boolean invalid = false;
        for (Path file : workloadFiles) {
            Loader.Loaded loaded = Loader.load(file, fleet);
            loaded.problems().forEach(err::println);
            invalid |= !loaded.ok() || loaded.isFleet();
            loaded.workloads().forEach(w -> workloads.put(unique(workloads, w.name()), w));
        }
        if (invalid) {
            return Main.INVALID;
        }
        Instant now = at != null ? at : Instant.now();
        Engine engine = new Engine(fleet, policy, InstantSource.fixed(now), new SplittableRandom(1));
        // Rejections kept as made: the engine tells only the latest EndedWork.KEPT of the work that ended.
        Map<String, Verdict> rejected = new java.util.HashMap<>();
        workloads.forEach((id, w) -> engine.apply(new Event.Submitted(id, w)).forEach(d -> {
            if (d instanceof Decision.Reject r) {
                rejected.put(r.id(), r.verdict());
            }
        }));
        List<Decision> decisions = engine.apply(new Event.Tick());
        List<Row> rows = new ArrayList<>();
        workloads.forEach((id, w) -> {
            Verdict refused = rejected.get(id);
            String state = refused != null ? "rejected" : engine.state(id).orElseThrow().name().toLowerCase(Locale.ROOT);
            String why = refused != null ? refused.summary() : engine.verdict(id).map(Verdict::summary).orElse("");
            List<String> reasons = !explain || !engine.placements(id).isEmpty() ? List.of()
                    : refused != null ? Engine.explainEnded(WorkloadState.REJECTED, refused) : engine.explain(id);
            rows.add(new Row(id, w.name(), w.team(), w.gpus() * w.replicas(), state, engine.placements(id), why, reasons));
        });
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();   // keys in this order on every run (Map.of's order is not)
            json.put("policy", policy.name());
            json.put("at", now.toString());
            json.put("workloads", rows);
            json.put("decisions", decisions.size());
            out.println(Output.toJson(json));
        } else {
            print(out, rows, policy, now);
        }
        out.flush();
        return 0;
    }

    private static String unique(Map<String, Workload> seen, String name) {
        String id = name;
        for (int n = 2; seen.containsKey(id); n++) {
            id = name + "#" + n;
        }
        return id;
    }

    private static void print(PrintWriter out, List<Row> rows, Policy policy, Instant now) {
        Table table = new Table("WORKLOAD", "TEAM", "GPUS", "STATE", "WHERE", "ACCELERATOR", "TIER", "$/GPU-HOUR", "WHY");
        for (Row r : rows) {
            if (r.placements().isEmpty()) {
                table.row(r.id(), r.team(), Money.count(r.gpus()), r.state(), "-", "-", "-", "-", r.reason());
                continue;
            }
            for (Placement p : r.placements()) {
                table.row(r.id(), r.team(), Money.count(p.gpus()), r.state(), p.pool(), p.accelerator(),
                        Labels.of(p.tier()),
                        Money.price(p.pricePerGpuHour()) + " " + Labels.of(p.priceBasis()), "");
            }
        }
        out.println("One scheduling cycle with policy " + policy.name() + " at " + now);
        out.print(table.render());
        for (Row r : rows) {
            if (!r.explanation().isEmpty()) {
                out.println();
                out.println(r.id() + ":");
                r.explanation().forEach(line -> out.println("  " + line));
            }
        }
    }
}
