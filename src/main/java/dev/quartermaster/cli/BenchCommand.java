package dev.quartermaster.cli;

import dev.quartermaster.bench.EngineBenchmark;
import dev.quartermaster.bench.SimulatorBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qm bench}: the speed of Quartermaster's parts, measured here and now. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures the speed of Quartermaster's parts.",
        subcommands = {BenchCommand.EngineBench.class, BenchCommand.SimulatorBench.class, ServerBench.class})
final class BenchCommand {

    /** What both benchmarks run on: the scale fleet's size, the policy and the seed. */
    static final class Scale {
        @Option(names = "--gpus", defaultValue = "100000", description = "GPUs in the fleet (default ${DEFAULT-VALUE})")
        int gpus;

        @Option(names = "--policy", defaultValue = "fair", converter = PolicyConverter.class,
                description = "the policy (default ${DEFAULT-VALUE})")
        dev.quartermaster.engine.policy.Policy policy;

        @Option(names = "--seed", defaultValue = "1", description = "the random seed (default ${DEFAULT-VALUE})")
        long seed;
    }

    @Command(name = "engine", mixinStandardHelpOptions = true,
            description = {"The scheduling engine at DESIGN.md's scale: a generated fleet (3 tiers, 32 clusters, 4 accelerator",
                "types) and pending workloads of 1 to 2,048 GPUs. Prints the time of a full scheduling pass, incremental",
                "placements per second and the heap in use. Run it with -Xmx2g to check the heap target (bin/qm passes",
                "QM_JAVA_OPTS to the JVM)."})
    static final class EngineBench implements Callable<Integer> {

        @Mixin
        Scale scale;

        @Option(names = "--pending", defaultValue = "100000", description = "pending workloads (default ${DEFAULT-VALUE})")
        int pending;

        @Option(names = "--events", defaultValue = "50000", description = "incremental events (default ${DEFAULT-VALUE})")
        int events;

        @Option(names = "--tick-every", defaultValue = "100",
                description = "incremental events between two scheduling cycles (default ${DEFAULT-VALUE})")
        int tickEvery;

        @Mixin
        Output output;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (scale.gpus < 64 || pending < 1 || events < 0 || tickEvery < 1) {
                err.println("qm bench engine: --gpus must be at least 64, --pending and --tick-every at least 1,"
                        + " --events at least 0");
                return Main.USAGE;
            }
            EngineBenchmark.Result r = EngineBenchmark.run(scale.policy.name(), scale.gpus, pending, events, tickEvery,
                    scale.seed, line -> {
                err.println("... " + line);
                err.flush();
            });
            if (output.json()) {
                out.println(Output.toJson(r));
            } else {
                Table table = new Table("MEASURE", "VALUE");
                table.row("fleet", String.format(Locale.ROOT, "%,d GPUs in %d clusters", r.fleetGpus(), r.clusters()));
                table.row("pending workloads", Money.count(r.pending()));
                table.row("full pass, empty fleet", String.format(Locale.ROOT, "%.0f ms, %,d placed", r.firstPassMillis(),
                        r.firstPassPlacements()));
                table.row("full pass, full fleet", String.format(Locale.ROOT, "%.0f ms", r.fullFleetPassMillis()));
                table.row("incremental", String.format(Locale.ROOT, "%,d events, a cycle every %d: %,d placed in %.2f s",
                        r.incrementalEvents(), r.tickEvery(), r.incrementalPlacements(), r.incrementalSeconds()));
                table.row("  placements per second", String.format(Locale.ROOT, "%,.0f", r.placementsPerSecond()));
                table.row("  decisions per second", String.format(Locale.ROOT, "%,.0f", r.decisionsPerSecond()));
                table.row("  per CPU second", String.format(Locale.ROOT, "%,.0f placements (%.2f s of the engine thread's CPU)",
                        r.placementsPerCpuSecond(), r.incrementalCpuSeconds()));
                table.row("burst of small arrivals", String.format(Locale.ROOT, "%,d workloads, %,d placed in %.2f s",
                        r.burstWorkloads(), r.burstPlacements(), r.burstSeconds()));
                table.row("  placements per second", String.format(Locale.ROOT, "%,.0f", r.burstPlacementsPerSecond()));
                table.row("heap in use / max", r.heapUsedMiB() + " MiB / " + r.heapMaxMiB() + " MiB");
                out.print(table.render());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "simulator", mixinStandardHelpOptions = true,
            description = {"The simulator on an event-heavy run: the scale fleet, its mixed workloads arriving steadily, spot",
                "interruptions and node failures with repairs, for a fixed stretch of simulated time. Prints events per second."})
    static final class SimulatorBench implements Callable<Integer> {

        @Mixin
        Scale scale;

        @Option(names = "--workloads", defaultValue = "20000", description = "workloads over the run (default ${DEFAULT-VALUE})")
        int workloads;

        @Option(names = "--days", defaultValue = "14", description = "simulated days (default ${DEFAULT-VALUE})")
        double days;

        @Option(names = "--mtbf-hours", defaultValue = "200", description = "mean hours between failures of a node (default ${DEFAULT-VALUE})")
        double mtbfHours;

        @Mixin
        Output output;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (scale.gpus < 64 || workloads < 1 || days <= 0 || mtbfHours <= 0) {
                err.println("qm bench simulator: --gpus must be at least 64, --workloads at least 1, --days and --mtbf-hours"
                        + " more than 0");
                return Main.USAGE;
            }
            SimulatorBenchmark.Result r = SimulatorBenchmark.run(scale.policy.name(), scale.gpus, workloads, days, mtbfHours, scale.seed,
                    new SimulateCommand.Progress(err));
            if (output.json()) {
                out.println(Output.toJson(r));
            } else {
                Table table = new Table("MEASURE", "VALUE");
                table.row("fleet", String.format(Locale.ROOT, "%,d GPUs, node MTBF %.0f h, spot interruptions", r.fleetGpus(),
                        r.nodeMtbfHours()));
                table.row("workloads", String.format(Locale.ROOT, "%,d over %.0f days, %,d completed", r.workloads(), r.days(),
                        r.completed()));
                table.row("events", String.format(Locale.ROOT, "%,d in %.2f s", r.events(), r.seconds()));
                table.row("events per second", String.format(Locale.ROOT, "%,.0f", r.eventsPerSecond()));
                out.print(table.render());
            }
            out.flush();
            return 0;
        }
    }
}
