package dev.quartermaster.cli;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.format.Loader;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.Faults;
import dev.quartermaster.sim.JobRecord;
import dev.quartermaster.sim.ListSource;
import dev.quartermaster.sim.Simulation;
import dev.quartermaster.sim.Summary;
import dev.quartermaster.sim.SyntheticScenario;
import dev.quartermaster.sim.WorkloadSource;
import dev.quartermaster.sim.trace.AlibabaTrace;
import dev.quartermaster.sim.trace.GavelWorkload;
import dev.quartermaster.sim.trace.PhillyTrace;
import dev.quartermaster.sim.trace.TraceFormatException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qm simulate}: replays workloads against a fleet and a policy in simulated time. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Replays workloads against a fleet and a policy with the real engine in simulated time, with spot",
            "interruptions and optional failures and outages; prints JCT, wait, cost, utilization, commitment use and",
            "fairness. Exit status: 0 done, 1 invalid input, 2 wrong command line."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--fleet", paramLabel = "FILE", description = "the fleet document (needed for --workloads and --synthetic)")
    Path fleetFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Sources sources;

    static final class Sources {
        @Option(names = "--workloads", paramLabel = "FILE", arity = "1..*",
                description = "workload documents; all arrive at the start, in order")
        List<Path> workloads;

        @Option(names = "--synthetic", paramLabel = "N", description = "N workloads of the three-tier scenario over --fleet")
        Integer synthetic;

        @Option(names = "--philly", paramLabel = "DIR",
                description = "the Philly job list (philly_jobs_pollux.csv, philly_vc.csv in DIR) on a Philly-like fleet")
        Path philly;

        @Option(names = "--alibaba", paramLabel = "DIR",
                description = "the Alibaba GPU 2023 trace in DIR: its node list as the fleet, its pods (--pods) as workloads")
        Path alibaba;

        @Option(names = "--gavel", paramLabel = "JSON",
                description = "Gavel's workload generator with its throughputs (simulation_throughputs.json), on its 36 V100 +"
                        + " 36 P100 + 36 K80 cluster")
        Path gavel;
    }

    @Option(names = "--pods", defaultValue = "openb_pod_list_default.csv",
            description = "the pod list of --alibaba (default ${DEFAULT-VALUE})")
    String pods;

    @Option(names = "--jobs", defaultValue = "5000", description = "workloads of --gavel (default ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--multi-gpu", description = "--gavel jobs of 1, 2, 4 or 8 GPUs (default: single-GPU)")
    boolean multiGpu;

    @Option(names = "--lenient", description = "skip and count malformed trace rows instead of stopping at the first")
    boolean lenient;

    @Option(names = "--jobs-per-hour", defaultValue = "20",
            description = "arrival rate of --synthetic and --gavel (default ${DEFAULT-VALUE})")
    double jobsPerHour;

    @Option(names = "--policy", defaultValue = "fair", description = "fifo, fair, cost or hetero (default ${DEFAULT-VALUE})")
    String policyName;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", defaultValue = "2027-01-04T00:00:00Z", description = "simulated start time (default ${DEFAULT-VALUE})")
    Instant start;

    @Option(names = "--tick-seconds", defaultValue = "60", description = "scheduling cycle grid in simulated seconds (default ${DEFAULT-VALUE})")
    long tickSeconds;

    @Option(names = "--mtbf-hours", defaultValue = "0", description = "mean hours between failures of a node; 0 for none (default)")
    double mtbfHours;

    @Option(names = "--outages-per-day", defaultValue = "0", description = "random provider outages per day; 0 for none (default)")
    double outagesPerDay;

    @Option(names = "--no-spot-interruptions", description = "spot pools are never interrupted")
    boolean noSpot;

    @Option(names = "--records", paramLabel = "FILE", description = "write one CSV line per workload to FILE")
    Path records;

    @Mixin
    Output output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Policy policy;
        try {
            policy = Policies.byName(policyName);
        } catch (IllegalArgumentException e) {
            err.println("qm simulate: --policy " + e.getMessage());
            return Main.USAGE;
        }
        if (tickSeconds < 1 || mtbfHours < 0 || outagesPerDay < 0 || jobsPerHour <= 0) {
            err.println("qm simulate: --tick-seconds must be at least 1, --jobs-per-hour more than 0, --mtbf-hours and"
                    + " --outages-per-day 0 or more");
            return Main.USAGE;
        }
        Input input;
        try {
            input = input(err);
        } catch (TraceFormatException e) {
            err.println("qm simulate: " + e.getMessage() + (lenient ? "" : " (--lenient skips and counts such rows)"));
            return Main.INVALID;
        } catch (UncheckedIOException e) {
            err.println("qm simulate: " + e.getMessage());
            return Main.INVALID;
        }
        if (input == null) {
            return Main.USAGE;
        }
        if (!input.problems().isEmpty()) {
            input.problems().forEach(err::println);
            return Main.INVALID;
        }
        Fleet fleet = input.fleet();
        WorkloadSource source = input.source();
        Faults faults = new Faults(!noSpot, mtbfHours, Duration.ofHours(4), List.of(), outagesPerDay, Duration.ofHours(2));
        Simulation.Options options = new Simulation.Options(seed, Duration.ofSeconds(tickSeconds), faults, null);
        Summary summary;
        try (RecordWriter writer = new RecordWriter(records)) {
            summary = new Simulation(fleet, policy, source, start, options, writer).run(line -> {
                err.println("... " + line);
                err.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TraceFormatException e) {
            err.println("qm simulate: " + e.getMessage() + (lenient ? "" : " (--lenient skips and counts such rows)"));
            return Main.INVALID;
        } finally {
            source.close();
        }
        if (output.json()) {
            out.println(Output.toJson(summary));
        } else {
            out.print(render(summary));
            if (!source.skipped().isEmpty()) {
                out.println("Rows left out: " + source.skipped());
            }
            if (records != null) {
                out.println("Records of every workload: " + records);
            }
        }
        out.flush();
        return 0;
    }

    /** The fleet and the workloads to simulate, or the problems that stop it. */
    record Input(Fleet fleet, WorkloadSource source, List<String> problems) {}

    private Input input(PrintWriter err) {
        if (sources.philly != null) {
            Path jobsCsv = sources.philly.resolve("philly_jobs_pollux.csv");
            return new Input(PhillyTrace.fleet(sources.philly.resolve("philly_vc.csv"), jobsCsv),
                    PhillyTrace.jobs(jobsCsv, start, lenient), List.of());
        }
        if (sources.alibaba != null) {
            Fleet fleet = AlibabaTrace.fleet(sources.alibaba.resolve("openb_node_list_gpu_node.csv"));
            return new Input(fleet, AlibabaTrace.pods(sources.alibaba.resolve(pods), AlibabaTrace.models(fleet), start, lenient),
                    List.of());
        }
        if (sources.gavel != null) {
            if (jobs < 1) {
                err.println("qm simulate: --jobs must be at least 1");
                return null;
            }
            return new Input(GavelWorkload.fleet(), GavelWorkload.jobs(sources.gavel, jobsPerHour, multiGpu, seed, start, jobs),
                    List.of());
        }
        if (fleetFile == null) {
            err.println("qm simulate: --fleet FILE is needed with --workloads and --synthetic");
            return null;
        }
        Loader.Loaded loaded = Loader.load(fleetFile, null);
        if (!loaded.ok() || !loaded.isFleet()) {
            List<String> problems = new ArrayList<>(loaded.problems().stream().map(Object::toString).toList());
            if (loaded.ok()) {
                problems.add(fleetFile + ": is not a fleet document");
            }
            return new Input(null, null, problems);
        }
        Fleet fleet = loaded.fleet();
        if (sources.synthetic != null) {
            if (sources.synthetic < 1) {
                err.println("qm simulate: --synthetic must be at least 1");
                return null;
            }
            return new Input(fleet, SyntheticScenario.generate(fleet, sources.synthetic, jobsPerHour, seed, start), List.of());
        }
        List<Arrival> arrivals = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : sources.workloads) {
            Loader.Loaded docs = Loader.load(file, fleet);
            docs.problems().forEach(p -> problems.add(p.toString()));
            docs.workloads().forEach(w -> arrivals.add(new Arrival(start, w.name() + "-" + arrivals.size(), w)));
        }
        return new Input(fleet, new ListSource(sources.workloads.size() + " workload file(s)", arrivals), problems);
    }

    /** Streams records to a CSV file as workloads end, or nowhere. */
    static final class RecordWriter implements Consumer<JobRecord>, AutoCloseable {
        private final BufferedWriter writer;

        RecordWriter(Path file) throws IOException {
            this.writer = file == null ? null : Files.newBufferedWriter(file);
            if (writer != null) {
                writer.write(JobRecord.CSV_HEADER);
                writer.newLine();
            }
        }

        @Override
        public void accept(JobRecord record) {
            if (writer == null) {
                return;
            }
            try {
                writer.write(record.csv());
                writer.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }
    }

    static String render(Summary s) {
        StringBuilder out = new StringBuilder();
        out.append("Simulated ").append(s.source()).append(" with policy ").append(s.policy()).append(", seed ")
                .append(s.seed()).append('\n');
        Table jobs = new Table("MEASURE", "VALUE");
        jobs.row("workloads", String.format(Locale.ROOT, "%,d submitted, %,d completed, %,d rejected, %,d unfinished",
                s.submitted(), s.completed(), s.rejected(), s.unfinished()));
        jobs.row("JCT hours (mean, p50, p95, p99)", stats(s.jctHours()));
        jobs.row("wait hours (mean, p50, p95, p99)", stats(s.waitHours()));
        jobs.row("makespan", String.format(Locale.ROOT, "%.1f h", s.makespanHours()));
        jobs.row("GPU-hours (lost)", String.format(Locale.ROOT, "%,.0f (%,.0f lost, %,d preemptions)", s.gpuHours(),
                s.lostGpuHours(), s.preemptions()));
        jobs.row("cost", Money.dollars(s.cost()) + String.format(Locale.ROOT, ", %s per useful GPU-hour",
                Money.price(s.costPerUsefulGpuHour())));
        jobs.row("commitments", String.format(Locale.ROOT, "%.0f%% used, %s idle", 100 * s.committedUtilization(),
                Money.dollars(s.idleCommittedDollars())));
        jobs.row("fairness (Jain, teams)", String.format(Locale.ROOT, "%.3f", s.fairness()));
        jobs.row("speed", String.format(Locale.ROOT, "%,d events in %.2f s (%,.0f per second)", s.events(), s.wallSeconds(),
                s.eventsPerSecond()));
        out.append(jobs.render());
        Table tiers = new Table("TIER", "COST", "UTILIZATION OF FIXED POOLS");
        for (Map.Entry<String, Double> e : s.costByTier().entrySet()) {
            Double u = s.tierUtilization().get(e.getKey());
            tiers.row(e.getKey(), Money.dollars(e.getValue()), u == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * u));
        }
        if (!tiers.isEmpty()) {
            out.append('\n').append(tiers.render());
        }
        Table teams = new Table("TEAM", "COST");
        s.costByTeam().forEach((team, cost) -> teams.row(team, Money.dollars(cost)));
        if (!teams.isEmpty()) {
            out.append('\n').append(teams.render());
        }
        return out.toString();
    }

    private static String stats(Summary.Stats st) {
        return st.count() == 0 ? "-" : String.format(Locale.ROOT, "%.2f, %.2f, %.2f, %.2f", st.mean(), st.p50(), st.p95(), st.p99());
    }
}
