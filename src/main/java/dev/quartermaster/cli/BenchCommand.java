package dev.quartermaster.cli;

import dev.quartermaster.bench.EngineBenchmark;
import dev.quartermaster.bench.ScaleScenario;
import dev.quartermaster.bench.SimulatorBenchmark;
import dev.quartermaster.engine.Work;
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

        @Option(names = "--profile", paramLabel = "FILE",
                description = {"record the measured stretch's CPU samples (JDK Flight Recorder, one a millisecond) in FILE",
                    "and print where the time went: the share of samples per part of the engine's work, and the",
                    "methods most often on top (open FILE with `jfr print` or JDK Mission Control for more)"})
        java.nio.file.Path profile;

        @Option(names = "--warmup", paramLabel = "ROUNDS", defaultValue = "3",
                description = {"run the same benchmark ROUNDS times first, unmeasured, so that what is measured is the code",
                    "compiled by the JIT, as in a process that has been up a while (default ${DEFAULT-VALUE}; 0 measures",
                    "a cold start). The first round's figures are printed too, as the cold ones"})
        int warmup;

        @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
                description = {"measured runs after the warm-up (default ${DEFAULT-VALUE}): the one of median speed is printed",
                    "(of an even number, the slower of the middle two), with the speed of each; --profile records the last"})
        int rounds;
    }

    /** What the engine did ({@code when}), counted (the same every run of the same build), per event where telling. */
    static void work(Table table, String when, Work w, long events) {
        table.row("engine work", when + ", counted: the same every run of a build, whatever the machine's speed");
        table.row("  placement searches", String.format(Locale.ROOT, "%,d (%.2f an event); %,d candidate pools looked at,"
                + " %,d offers scored", w.placementSearches(), events == 0 ? 0.0 : (double) w.placementSearches() / events,
                w.poolsLooked(), w.offersScored()));
        table.row("  preemption searches", String.format(Locale.ROOT, "%,d (%,d found victims)", w.preemptionSearches(),
                w.preemptionsFound()));
        table.row("  backfill", String.format(Locale.ROOT, "%,d reservations worked out, %,d workloads tried behind one",
                w.reservations(), w.backfillTries()));
        table.row("  set aside", String.format(Locale.ROOT, "%,d until room frees up, %,d until quota does",
                w.parkedForRoom(), w.parkedForQuota()));
    }

    /** The measured rounds' speeds, in the order run: "3 (events/s of each: 1,200 / 1,150 / 1,300); the median's figures shown". */
    static String measured(java.util.List<Double> rates, String unit) {
        StringBuilder each = new StringBuilder();
        for (double rate : rates) {
            each.append(each.isEmpty() ? "" : " / ").append(String.format(Locale.ROOT, "%,.0f", rate));
        }
        return rates.size() == 1 ? "1 (the figures shown)"
                : rates.size() + " (" + unit + " of each: " + each + "); the median's figures shown";
    }

    /** "3 rounds before the measured ones; the first, cold" */
    private static String warmup(int rounds) {
        return rounds + " round" + (rounds == 1 ? "" : "s") + " before the measured ones; the first, cold";
    }

    /** The profile's summary as two tables: the parts of the work, then the methods most often on top. */
    static String render(dev.quartermaster.bench.Profile.Summary profile) {
        if (profile == null) {
            return "";
        }
        return String.format(Locale.ROOT, "%nCPU samples of the benchmark's thread: %,d, recorded in %s%n", profile.samples(),
                profile.file()) + shares("WHERE THE TIME WENT", profile.parts()) + "\n" + shares("MOST OFTEN ON TOP", profile.onTop());
    }

    private static String shares(String title, java.util.List<dev.quartermaster.bench.Profile.Share> shares) {
        Table table = new Table(title, "SAMPLES", "SHARE");
        shares.forEach(s -> table.row(s.part(), Money.count(s.samples()), String.format(Locale.ROOT, "%.1f%%", s.percent())));
        return table.render();
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

        @Override
        public Integer call() {
            PrintWriter out = output.out();
            PrintWriter err = output.err();
            if (scale.gpus < 64 || pending < 1 || events < 0 || tickEvery < 1 || scale.warmup < 0 || scale.rounds < 1) {
                err.println("qm bench engine: --gpus must be at least 64, --pending, --tick-every and --rounds at least 1,"
                        + " --events and --warmup at least 0");
                return Main.USAGE;
            }
            if (!OutputFiles.writable(err, "qm bench engine", "--profile", scale.profile)) {
                return Main.USAGE;
            }
            EngineBenchmark.Result r = EngineBenchmark.run(scale.policy.name(), scale.gpus, pending, events, tickEvery,
                    scale.seed, scale.warmup, scale.rounds, scale.profile, line -> {
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
                table.row("  measured rounds", measured(r.measuredRounds(), "placements/s"));
                table.row("  decisions per second", String.format(Locale.ROOT, "%,.0f (%,d of them preemptions)",
                        r.decisionsPerSecond(), r.incrementalPreemptions()));
                table.row("  decisions hash", r.incrementalDecisionsHash() + " (the same for builds that decide the same)");
                table.row("  per CPU second", String.format(Locale.ROOT, "%,.0f placements (%.2f s of the engine thread's CPU)",
                        r.placementsPerCpuSecond(), r.incrementalCpuSeconds()));
                table.row("  garbage collection", String.format(Locale.ROOT, "%.2f s of the %.2f s; %,d MiB allocated (%.1f KiB"
                        + " per placement)", r.incrementalGcSeconds(), r.incrementalSeconds(), r.incrementalAllocatedBytes() >> 20,
                        r.incrementalPlacements() == 0 ? 0.0 : r.incrementalAllocatedBytes() / 1024.0 / r.incrementalPlacements()));
                work(table, "in the incremental phase", r.incrementalWork(), r.incrementalEvents());
                table.row("burst of small arrivals", String.format(Locale.ROOT, "%,d workloads, %,d placed in %.2f s",
                        r.burstWorkloads(), r.burstPlacements(), r.burstSeconds()));
                table.row("  placements per second", String.format(Locale.ROOT, "%,.0f", r.burstPlacementsPerSecond()));
                table.row("heap in use / max", r.heapUsedMiB() + " MiB / " + r.heapMaxMiB() + " MiB");
                if (r.firstRound() != null) {
                    EngineBenchmark.FirstRound cold = r.firstRound();
                    table.row("warm-up", warmup(r.warmupRounds()) + ":");
                    table.row("  incremental", String.format(Locale.ROOT, "%,.0f placements/s (%.2f s; %,.0f per CPU second)",
                            cold.placementsPerSecond(), cold.incrementalSeconds(), cold.placementsPerCpuSecond()));
                    table.row("  burst", String.format(Locale.ROOT, "%,.0f placements/s", cold.burstPlacementsPerSecond()));
                }
                out.print(table.render());
                out.print(render(r.profile()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "simulator", mixinStandardHelpOptions = true,
            description = {"The simulator's speed on a generated run: the scale fleet, its workloads arriving steadily, spot",
                "interruptions and node failures with repairs, for a fixed stretch of simulated time. Prints the parameters,",
                "the events by kind (an event is one happening popped from the simulation's queue and handled), the share",
                "of the time in scheduling cycles, and events per second.",
                "--preset scale (the default): DESIGN.md's 99,840-GPU fleet, 20,000 mixed workloads of 1 to 2,048 GPUs",
                "  over 14 days, node MTBF 200 h; scheduling cycles over a deep queue take most of the time.",
                "--preset event-heavy: 4,096 GPUs, 300,000 workloads of 1 to 8 GPUs running 1 to 60 minutes over 14",
                "  days, node MTBF 10 h; many events per scheduling cycle.",
                "The other options change one parameter of the preset."})
    static final class SimulatorBench implements Callable<Integer> {

        @Option(names = "--preset", defaultValue = "scale", paramLabel = "NAME",
                description = "scale or event-heavy (default ${DEFAULT-VALUE})")
        String preset;

        @Mixin
        Scale scale;

        @Option(names = "--workloads", description = "workloads over the run (default: the preset's)")
        Integer workloads;

        @Option(names = "--days", description = "simulated days (default: the preset's)")
        Double days;

        @Option(names = "--mtbf-hours", description = "mean hours between failures of a node (default: the preset's)")
        Double mtbfHours;

        @Option(names = "--max-job-gpus", description = "GPUs of the biggest workload; bigger draws are cut to it (default: the"
                + " preset's)")
        Integer maxJobGpus;

        @Option(names = "--job-minutes", paramLabel = "MIN-MAX",
                description = "how long workloads run on the reference accelerator, e.g. 1-60 (default: the preset's)")
        String jobMinutes;

        @Mixin
        Output output;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = output.out();
            PrintWriter err = output.err();
            SimulatorBenchmark.Params p = switch (preset) {
                case "scale" -> SimulatorBenchmark.Params.scale(scale.policy.name(), scale.seed);
                case "event-heavy" -> SimulatorBenchmark.Params.eventHeavy(scale.policy.name(), scale.seed);
                default -> null;
            };
            if (p == null) {
                err.println("qm bench simulator: --preset must be scale or event-heavy, not '" + preset + "'");
                return Main.USAGE;
            }
            ScaleScenario.Shapes shapes = p.shapes();
            if (jobMinutes != null) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})-(\\d{1,6})").matcher(jobMinutes.trim());
                if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < Integer.parseInt(m.group(1))) {
                    err.println("qm bench simulator: --job-minutes must be MIN-MAX with 1 <= MIN <= MAX, e.g. 1-60, not '"
                            + jobMinutes + "'");
                    return Main.USAGE;
                }
                int min = Integer.parseInt(m.group(1));
                shapes = new ScaleScenario.Shapes(shapes.maxGpus(), min, Integer.parseInt(m.group(2)) - min + 1);
            }
            if (maxJobGpus != null) {
                if (maxJobGpus < 1) {
                    err.println("qm bench simulator: --max-job-gpus must be at least 1, not " + maxJobGpus);
                    return Main.USAGE;
                }
                shapes = new ScaleScenario.Shapes(maxJobGpus, shapes.minMinutes(), shapes.spreadMinutes());
            }
            boolean gpusGiven = spec.commandLine().getParseResult().hasMatchedOption("--gpus");
            p = new SimulatorBenchmark.Params(p.preset(), p.policy(), gpusGiven ? scale.gpus : p.gpus(),
                    workloads != null ? workloads : p.workloads(), days != null ? days : p.days(),
                    mtbfHours != null ? mtbfHours : p.mtbfHours(), shapes, p.seed());
            if (p.gpus() < 64 || p.workloads() < 1 || p.days() <= 0 || p.mtbfHours() <= 0 || scale.warmup < 0
                    || scale.rounds < 1) {
                err.println("qm bench simulator: --gpus must be at least 64, --workloads and --rounds at least 1, --days and"
                        + " --mtbf-hours more than 0, --warmup at least 0");
                return Main.USAGE;
            }
            if (!OutputFiles.writable(err, "qm bench simulator", "--profile", scale.profile)) {
                return Main.USAGE;
            }
            SimulatorBenchmark.Result r = SimulatorBenchmark.run(p, scale.warmup, scale.rounds, scale.profile,
                    new SimulateCommand.Progress(err));
            if (output.json()) {
                out.println(Output.toJson(r));
            } else {
                out.print(render(r));
                out.print(BenchCommand.render(r.profile()));
            }
            out.flush();
            return 0;
        }

        static String render(SimulatorBenchmark.Result r) {
            Table table = new Table("MEASURE", "VALUE");
            table.row("preset", r.preset() + String.format(Locale.ROOT, ", policy %s, seed %d", r.policy(), r.seed()));
            table.row("fleet", String.format(Locale.ROOT, "%,d GPUs, node MTBF %s h, spot interruptions", r.fleetGpus(),
                    number(r.nodeMtbfHours())));
            table.row("workloads", String.format(Locale.ROOT, "%,d of 1 to %,d GPUs running %,d to %,d min, over %s days;"
                    + " %,d completed", r.workloads(), r.maxJobGpus(), r.minJobMinutes(), r.maxJobMinutes(),
                    number(r.days()),
                    r.completed()));
            r.eventsByKind().forEach((kind, n) -> {
                if (n > 0) {
                    table.row("  " + kind, Money.count(n));
                }
            });
            table.row("events", String.format(Locale.ROOT, "%,d in %.2f s (the simulating thread used %.2f s of CPU)", r.events(),
                    r.seconds(), r.cpuSeconds()));
            table.row("scheduling cycles", String.format(Locale.ROOT, "%,d (%,d decided nothing) took %.2f s, %.0f%% of the time",
                    r.cycles(), r.idleCycles(), r.cycleSeconds(), r.seconds() <= 0 ? 0 : 100 * r.cycleSeconds() / r.seconds()));
            table.row("events per second", String.format(Locale.ROOT, "%,.0f", r.eventsPerSecond()));
            table.row("  measured rounds", measured(r.measuredRounds(), "events/s"));
            table.row("  outside scheduling cycles", String.format(Locale.ROOT, "%,.0f", r.eventsPerSecondOutsideCycles()));
            table.row("events per CPU second", String.format(Locale.ROOT, "%,.0f", r.eventsPerCpuSecond()));
            table.row("allocated", String.format(Locale.ROOT, "%,d MiB (%,.0f bytes per event)", r.allocatedBytes() >> 20,
                    r.events() == 0 ? 0.0 : (double) r.allocatedBytes() / r.events()));
            table.row("outcome hash", r.outcomeHash() + " (the same for builds that simulate the same)");
            work(table, "in the run", r.engineWork(), r.events());
            if (r.firstRound() != null) {
                SimulatorBenchmark.FirstRound cold = r.firstRound();
                table.row("warm-up", warmup(r.warmupRounds()) + String.format(Locale.ROOT, ": %,.0f events/s (%.2f s; %,.0f"
                        + " per CPU second)", cold.eventsPerSecond(), cold.seconds(), cold.eventsPerCpuSecond()));
            }
            return table.render();
        }

        /** 14, 0.5, 2.25: a number of days or hours without trailing zeros. */
        private static String number(double value) {
            return new java.text.DecimalFormat("0.##", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
        }
    }
}
