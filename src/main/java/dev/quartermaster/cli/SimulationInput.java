package dev.quartermaster.cli;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.format.Loader;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.ListSource;
import dev.quartermaster.sim.OffsetSource;
import dev.quartermaster.sim.SyntheticScenario;
import dev.quartermaster.sim.WorkloadSource;
import dev.quartermaster.sim.trace.AlibabaTrace;
import dev.quartermaster.sim.trace.GavelWorkload;
import dev.quartermaster.sim.trace.PhillyTrace;
import dev.quartermaster.sim.trace.TraceFormatException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What a simulation runs on, as the commands that simulate ({@code qm simulate}, {@code qm compare}) read it from the
 * command line: one source of workloads (documents, the synthetic scenario, Philly, Alibaba or Gavel), the fleet, and
 * the options of the sources. A picocli mixin; {@link #input} builds a fresh fleet and source for a seed each call.
 */
final class SimulationInput {

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

    @Option(names = "--start", paramLabel = "WHEN", defaultValue = "2027-01-04T00:00:00Z", converter = InstantConverter.class,
            description = "simulated start time, a date or an instant (default ${DEFAULT-VALUE})")
    Instant start;

    @Option(names = "--start-at", paramLabel = "OFFSET",
            description = {"begin the run this far into the workloads' arrivals: 115d, 36h, 90m, 600s or an ISO-8601"
                    + " duration (P115D), or a time of the run's clock (2027-04-29T00:00:00Z, not before --start).",
                "The workloads arriving later arrive that much earlier, so the run starts at --start with the trace's"
                    + " moment OFFSET (the Alibaba 2023 default pod list idles about 115 days before most pods arrive)."
                    + " Those that arrived before and would still run then (taken to have started on arrival) arrive"
                    + " first with the work they had left; the rest are left out (counted under rows left out)."
                    + " Default: from the first arrival"})
    String startAt;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The fleet and the workloads to simulate, or the problems that stop it. */
    record Input(Fleet fleet, WorkloadSource source, List<String> problems) {}

    /**
     * " (--lenient skips and counts such rows)" after an error in a trace's row when reading strictly, else "" (also for
     * a header, line 1, which no reader can do without).
     */
    String lenientHint(Throwable error) {
        return !lenient && error instanceof TraceFormatException row && row.line() > 1
                ? " (--lenient skips and counts such rows)" : "";
    }

    /**
     * A new fleet and a new source of workloads for {@code seed} (the seed of the synthetic scenario and of Gavel's
     * generator; the traces and documents do not depend on it); each call reads or generates them afresh, so that
     * every run has its own. Null after printing a usage error to {@code err}. May throw the trace readers'
     * {@link TraceFormatException} and {@link java.io.UncheckedIOException}.
     */
    Input input(long seed, PrintWriter err) {
        String name = command == null ? "qm" : command.qualifiedName();
        Duration offset = Duration.ZERO;
        if (startAt != null) {
            offset = offset(startAt.trim(), start);
            if (offset == null) {
                err.println(name + ": --start-at must be an offset like 115d, 36h, 90m, 600s or P115D, or a time like"
                        + " 2027-04-29T00:00:00Z not before --start (" + start + "), not '" + startAt + "'");
                return null;
            }
        }
        Input input = read(seed, err, name);
        if (input == null || input.source() == null || offset.isZero()) {
            return input;
        }
        return new Input(input.fleet(), new OffsetSource(input.source(), start, offset, "arrived before --start-at"),
                input.problems());
    }

    private static final Pattern OFFSET = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)\\s*(d|h|m|s)", Pattern.CASE_INSENSITIVE);

    /** Further than any trace reaches (and than the clock's arithmetic allows): a mistake. */
    private static final Duration LONGEST_OFFSET = Duration.ofDays(100 * 366);

    /**
     * The offset {@code --start-at} gives: a number of days, hours, minutes or seconds, an ISO-8601 duration, or a time
     * of the run's clock at or after {@code start}; null when it is none of those, negative, or over 100 years.
     */
    static Duration offset(String text, Instant start) {
        Duration offset = null;
        Matcher m = OFFSET.matcher(text);
        if (m.matches()) {
            long unitSeconds = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
                case "d" -> 86_400;
                case "h" -> 3600;
                case "m" -> 60;
                default -> 1;
            };
            offset = Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * unitSeconds * 1000));
        } else if (text.startsWith("P") || text.startsWith("p")) {
            try {
                offset = Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        } else {
            try {
                offset = Duration.between(start, Instant.parse(text));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return offset.isNegative() || offset.compareTo(LONGEST_OFFSET) > 0 ? null : offset;
    }

    private Input read(long seed, PrintWriter err, String name) {
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
                err.println(name + ": --jobs must be at least 1");
                return null;
            }
            try {
                return new Input(GavelWorkload.fleet(), GavelWorkload.jobs(sources.gavel, jobsPerHour, multiGpu, seed, start,
                        jobs), List.of());
            } catch (IllegalArgumentException e) {   // not Gavel's throughputs
                return new Input(null, null, List.of(e.getMessage()));
            }
        }
        if (fleetFile == null) {
            err.println(name + ": --fleet FILE is needed with --workloads and --synthetic");
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
                err.println(name + ": --synthetic must be at least 1");
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
}
