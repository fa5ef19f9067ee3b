package dev.quartermaster.cli;

import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.sim.Faults;
import dev.quartermaster.sim.JobRecord;
import dev.quartermaster.sim.Simulation;
import dev.quartermaster.sim.Summary;
import dev.quartermaster.sim.WorkloadSource;
import dev.quartermaster.sim.report.HtmlReport;
import dev.quartermaster.sim.trace.TraceFormatException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qm simulate}: replays workloads against a fleet and a policy in simulated time. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Replays workloads against a fleet and a policy in simulated time.",
            "It drives the real engine, with spot interruptions and optional node failures and outages.",
            "Prints JCT, wait, cost, utilization, commitment use and fairness; --report writes charts.",
            "Exit status: 0 done, 1 invalid input, 2 wrong command line."})
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    SimulationInput workloads;

    @Option(names = "--policy", defaultValue = "fair", converter = PolicyConverter.class,
            description = "fifo, fair, cost or hetero (default ${DEFAULT-VALUE})")
    Policy policy;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tick-seconds", defaultValue = "60", description = "scheduling cycle grid in simulated seconds (default ${DEFAULT-VALUE})")
    long tickSeconds;

    @Option(names = "--half-life-hours", defaultValue = "168", paramLabel = "HOURS",
            description = "half-life of past usage in fair share, in hours (default ${DEFAULT-VALUE}: a week)")
    double halfLifeHours;

    @Option(names = "--horizon-days", paramLabel = "DAYS",
            description = "stop after this much simulated time; work not done by then is reported unfinished (default: run"
                    + " until every workload has ended, which may never happen when failures outpace checkpoints)")
    Double horizonDays;

    @Option(names = "--mtbf-hours", defaultValue = "0", description = "mean hours between failures of a node; 0 for none (default)")
    double mtbfHours;

    @Option(names = "--outages-per-day", defaultValue = "0", description = "random provider outages per day; 0 for none (default)")
    double outagesPerDay;

    @Option(names = "--no-spot-interruptions", description = "spot pools are never interrupted")
    boolean noSpot;

    @Option(names = "--records", paramLabel = "FILE", description = "write one CSV line per workload to FILE")
    Path records;

    @Option(names = "--report", paramLabel = "FILE",
            description = "write a self-contained HTML report (charts and tables, opens offline) to FILE")
    Path report;

    @Mixin
    Output output;

    @Override
    public Integer call() {
        PrintWriter out = output.out();
        PrintWriter err = output.err();
        if (halfLifeHours <= 0) {
            err.println("qm simulate: --half-life-hours must be more than 0, not " + halfLifeHours);
            return Main.USAGE;
        }
        if (horizonDays != null && horizonDays <= 0) {
            err.println("qm simulate: --horizon-days must be more than 0, not " + horizonDays);
            return Main.USAGE;
        }
        String wrong = tickSeconds < 1 ? "--tick-seconds must be at least 1, not " + tickSeconds
                : workloads.jobsPerHour <= 0 ? "--jobs-per-hour must be more than 0, not " + workloads.jobsPerHour
                : mtbfHours < 0 ? "--mtbf-hours must be 0 (no node failures) or more, not " + mtbfHours
                : outagesPerDay < 0 ? "--outages-per-day must be 0 or more, not " + outagesPerDay
                : null;
        if (wrong != null) {
            err.println("qm simulate: " + wrong);
            return Main.USAGE;
        }
        if (!OutputFiles.writable(err, "qm simulate", "--records", records)
                || !OutputFiles.writable(err, "qm simulate", "--report", report)) {
            return Main.USAGE;
        }
        SimulationInput.Input input;
        try {
            input = workloads.input(seed, err);
        } catch (TraceFormatException e) {
            err.println("qm simulate: " + e.getMessage() + workloads.lenientHint(e));
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
        Simulation.Options options = new Simulation.Options(seed, Duration.ofSeconds(tickSeconds), faults,
                horizonDays == null ? null : workloads.start.plusSeconds((long) (horizonDays * 86_400)),
                Duration.ofSeconds(Math.max(1, (long) (halfLifeHours * 3600))));
        Summary summary;
        try (RecordWriter writer = new RecordWriter(records)) {
            Progress progress = new Progress(err);
            summary = new Simulation(fleet, policy, source, workloads.start, options, writer).run(progress);
            progress.done();
        } catch (UncheckedIOException e) {   // the records' file, or the source's
            err.println("qm simulate: " + e.getMessage());
            return Main.INVALID;
        } catch (TraceFormatException e) {
            err.println("qm simulate: " + e.getMessage() + workloads.lenientHint(e));
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
        if (report != null) {
            try {
                Files.writeString(report, HtmlReport.render(summary));
            } catch (IOException e) {
                out.flush();
                err.println("qm simulate: cannot write the report " + report + " (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + ")");
                return Main.INVALID;
            }
            (output.json() ? err : out).println("Report: " + report);
        }
        out.flush();
        return 0;
    }

    /**
     * Shows how a long run goes, at most once a second: on a terminal one line rewritten in place, elsewhere (a log,
     * a pipe) one line each time. Short runs print nothing.
     */
    static final class Progress implements Consumer<String> {
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private final long start = System.nanoTime();
        private long last = start - 1_000_000_000L;   // the first line shows at once
        private boolean shown;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void accept(String line) {
            long now = System.nanoTime();
            if (now - last < 1_000_000_000L) {
                return;
            }
            last = now;
            String text = String.format(Locale.ROOT, "[%4.0f s] %s", (now - start) / 1e9, line);
            err.print(terminal ? "\r" + text + "   " : text + "\n");
            err.flush();
            shown = true;
        }

        /** Ends the progress line, if one was shown on a terminal. */
        void done() {
            if (shown && terminal) {
                err.println();
                err.flush();
            }
        }
    }

    /** Streams records to a CSV file as workloads end, or nowhere. */
    static final class RecordWriter implements Consumer<JobRecord>, AutoCloseable {
        private final Path file;
        private final BufferedWriter writer;

        RecordWriter(Path file) {
            this.file = file;
            try {
                this.writer = file == null ? null : Files.newBufferedWriter(file);
                if (writer != null) {
                    writer.write(JobRecord.CSV_HEADER);
                    writer.newLine();
                }
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private UncheckedIOException failed(IOException e) {
            return new UncheckedIOException("cannot write the records to " + file + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
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
                throw failed(e);
            }
        }

        @Override
        public void close() {
            try {
                if (writer != null) {
                    writer.close();
                }
            } catch (IOException e) {
                throw failed(e);
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
        jobs.row("slowdown: JCT / best run alone (mean, p50, p95, p99)", stats(s.slowdown()));
        jobs.row("makespan", String.format(Locale.ROOT, "%.1f h", s.makespanHours()));
        jobs.row("GPU-hours (lost)", String.format(Locale.ROOT, "%,.0f (%,.0f lost, %,d preemptions)", s.gpuHours(),
                s.lostGpuHours(), s.preemptions()));
        jobs.row("cost of GPU-hours", Money.dollars(s.cost()) + String.format(Locale.ROOT, ", %s per useful GPU-hour",
                Money.price(s.costPerUsefulGpuHour())));
        jobs.row("spend (with idle commitments)", Money.dollars(s.spend()));
        jobs.row("commitments", s.anyCommitment() ? String.format(Locale.ROOT, "%.0f%% used, %s idle",
                100 * s.committedUtilization(), Money.dollars(s.idleCommittedDollars())) : "none (no contract was active)");
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
        Table pools = new Table("POOL", "GPUS IN USE / UP (MEAN)");
        s.poolUtilization().forEach((pool, u) -> pools.row(pool, String.format(Locale.ROOT, "%.1f%%", 100 * u)));
        if (!pools.isEmpty()) {
            out.append('\n').append(pools.render());
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
