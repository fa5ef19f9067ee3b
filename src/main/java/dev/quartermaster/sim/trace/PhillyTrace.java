package dev.quartermaster.sim.trace;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Microsoft Philly (ATC'19) as Pollux and Sia derived it: {@code philly_jobs_pollux.csv} (82,247 jobs) and the VC
 * sizes of {@code philly_vc.csv} (see the traces' README, section 2).
 *
 * <p>The fleet: one in-house provider, one cluster, one pool of 8-GPU {@value #ACCELERATOR} nodes (the trace names
 * no GPU model; P100 is what Philly had most of) as many as the VCs have together, in blocks of 32 nodes; one team
 * {@code vc-<id>} per VC in cohort {@value #COHORT}, owning its nodes x 8 GPUs and free to borrow without limit.
 *
 * <p>The jobs, one training workload per row, columns:
 * <ul>
 *   <li>{@code timestamp} (submission, local time without zone): the arrival. The first job arrives at {@code start},
 *       the others as many seconds later as the trace says (read as UTC, so the one-hour DST shift of 2017-11-05 is
 *       not corrected). The file is not sorted by time: all rows are read into a list and sorted, stably;
 *   <li>{@code duration} (seconds, run time without queueing): the work, an estimate at relative speed 1.0 on P100.
 *       0 is skipped ("zero duration"); over 366 days would be skipped too (none is);
 *   <li>{@code num_gpus}: the gang size, {@code min(gpus, 8)} GPUs per node, topology node when it fits one node and
 *       cluster when not. Jobs of more than 8 GPUs that are not a multiple of 8 (the seven 12-GPU jobs) are kept,
 *       rounded up to whole nodes (16 GPUs) and counted in {@link TraceSource#adjusted()};
 *   <li>{@code gpu_time}: not used (it is duration x num_gpus), only checked to be a number;
 *   <li>{@code cluster}: the team, {@code vc-<cluster>}.
 * </ul>
 * Every job checkpoints every 30 minutes. The id and the workload's name are {@code philly-<line>}, the job's line in
 * the file (the header is line 1), since the trace has no job ids.
 *
 * <p>Four VCs of the jobs file (23dbec, 51b7ef, 925e2b, 795a4c: 18 jobs) have no nodes in {@code philly_vc.csv};
 * {@link #fleet(Path, Path)} gives them teams with no quota of their own, so their jobs can only borrow.
 */
public final class PhillyTrace {

    public static final String ACCELERATOR = "P100";
    public static final int GPUS_PER_NODE = 8;
    public static final int BLOCK_NODES = 32;
    public static final String COHORT = "philly";
    public static final String TEAM_PREFIX = "vc-";
    public static final Duration CHECKPOINT = Duration.ofMinutes(30);
    public static final String ROUNDED_UP = "gpus rounded up to whole 8-GPU nodes";

    private static final String[] COLUMNS = {"timestamp", "duration", "num_gpus", "gpu_time", "cluster"};
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private PhillyTrace() {}

    /** The fleet of the VCs in {@code philly_vc.csv} (columns {@code vc}, {@code node num}). */
    public static Fleet fleet(Path vcCsv) {
        return fleet(vcCsv, null);
    }

    /**
     * The fleet of the VCs in {@code philly_vc.csv}, plus a team with no nominal quota for each VC that submits jobs
     * in {@code jobsCsv} but owns no nodes. A malformed row of either file fails: a fleet is never read leniently
     * (rows of the jobs file that {@link #jobs} would reject are passed over here).
     */
    public static Fleet fleet(Path vcCsv, Path jobsCsv) {
        Map<String, Integer> nodes = new LinkedHashMap<>();
        try (CsvFile csv = CsvFile.open(vcCsv, "vc", "node num")) {
            try {
                for (CsvRow row = csv.next(); row != null; row = csv.next()) {
                    String team = row.name("vc", TEAM_PREFIX);
                    if (nodes.put(team, row.whole("node num", 0, (int) NodePool.NODES.max())) != null) {
                        throw new BadValue("vc", "'" + row.text("vc") + "' is listed twice");
                    }
                }
            } catch (BadValue bad) {
                throw new TraceFormatException(csv.file(), csv.line(), bad.getMessage());
            }
        }
        int total = nodes.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            throw new TraceFormatException(vcCsv.toString(), 1, "the VCs have no nodes");
        }
        if (jobsCsv != null) {
            try (CsvFile csv = CsvFile.open(jobsCsv, COLUMNS)) {
                while (true) {
                    try {
                        CsvRow row = csv.next();
                        if (row == null) {
                            break;
                        }
                        nodes.putIfAbsent(row.name("cluster", TEAM_PREFIX), 0);
                    } catch (BadValue bad) {
                        // jobs() reports it
                    }
                }
            }
        }
        List<Team> teams = new ArrayList<>();
        nodes.forEach((team, n) -> teams.add(
                new Team(team, COHORT, 1.0, Map.of(ACCELERATOR, Quota.of(n * GPUS_PER_NODE)), null)));
        NodePool pool = new NodePool("p100", ACCELERATOR, total, false, GPUS_PER_NODE, Math.min(BLOCK_NODES, total), 1.0,
                Duration.ZERO, null);
        Provider provider = new Provider("philly", Tier.IN_HOUSE, Set.of(),
                List.of(new Cluster("philly", "philly", List.of(pool))), List.of());
        Accelerator p100 = new Accelerator(ACCELERATOR, "nvidia", SoftwareStack.CUDA, 16, 1.0);
        return new Fleet(List.of(p100), List.of(provider), teams, List.of());
    }

    /** The jobs of {@code philly_jobs_pollux.csv} in order of submission; strict mode throws on the first bad row. */
    public static TraceSource jobs(Path jobsCsv, Instant start, boolean lenient) {
        return new Jobs(jobsCsv, start, lenient);
    }

    /** A row, as compact as it gets: the trace's own time in epoch seconds (as if UTC), the VC's team name shared. */
    private record Job(long line, long submitted, Duration duration, int gpus, String team) {}

    private static final class Jobs extends TraceSource {

        private final String name;
        private final Instant start;
        private final List<Job> jobs = new ArrayList<>();
        private final Map<String, String> teams = new LinkedHashMap<>();
        private final long first;
        private int next;

        Jobs(Path file, Instant start, boolean lenient) {
            super(file.toString(), lenient);
            this.start = Objects.requireNonNull(start, "start is null");
            try (CsvFile csv = CsvFile.open(file, COLUMNS)) {
                while (true) {
                    try {
                        CsvRow row = csv.next();
                        if (row == null) {
                            break;
                        }
                        Job job = parse(row);
                        if (job != null) {
                            jobs.add(job);
                        }
                    } catch (BadValue bad) {
                        malformed(csv.line(), bad);
                    }
                }
            }
            if (!isSorted(jobs)) {
                jobs.sort(Comparator.comparingLong(Job::submitted)); // stable: ties keep file order
            }
            this.first = jobs.isEmpty() ? 0 : jobs.get(0).submitted();
            this.name = String.format("philly %s (%,d jobs)", file.getFileName(), jobs.size());
        }

        private Job parse(CsvRow row) {
            long submitted = timestamp(row);
            double seconds = row.number("duration");
            if (seconds < 0) {
                throw new BadValue("duration", "'" + row.text("duration") + "' is negative");
            }
            int gpus = row.whole("num_gpus", 1, (int) Workload.GPUS.max());
            row.number("gpu_time");
            String team = teams.computeIfAbsent(row.name("cluster", TEAM_PREFIX), t -> t);
            Duration duration = seconds(seconds);
            if (duration.isZero()) {
                skip("zero duration");
                return null;
            }
            if (duration.compareTo(Work.LONGEST) > 0) {
                skip("longer than 366 days");
                return null;
            }
            if (gpus > GPUS_PER_NODE && gpus % GPUS_PER_NODE != 0) {
                gpus = (gpus / GPUS_PER_NODE + 1) * GPUS_PER_NODE;
                adjust(ROUNDED_UP);
            }
            return new Job(row.line(), submitted, duration, gpus, team);
        }

        private static long timestamp(CsvRow row) {
            try {
                return LocalDateTime.parse(row.text("timestamp"), TIMESTAMP).toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new BadValue("timestamp", "'" + row.text("timestamp") + "' is not a time like 2017-10-07 01:11:39");
            }
        }

        private static boolean isSorted(List<Job> jobs) {
            for (int i = 1; i < jobs.size(); i++) {
                if (jobs.get(i).submitted() < jobs.get(i - 1).submitted()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        protected Arrival read() {
            if (next == jobs.size()) {
                return null;
            }
            Job job = jobs.get(next++);
            String id = "philly-" + job.line();
            int perNode = Math.min(job.gpus(), GPUS_PER_NODE);
            Workload workload = new Workload(id, job.team(), WorkloadKind.TRAINING, Priority.NORMAL, DataClass.INTERNAL,
                    job.gpus(), perNode, Map.of(ACCELERATOR, 1.0), SoftwareStack.CUDA,
                    job.gpus() > perNode ? Topology.CLUSTER : Topology.NODE, new Work.Estimate(job.duration()), CHECKPOINT,
                    List.of(), 1, null, null);
            return new Arrival(start.plusSeconds(job.submitted() - first), id, workload);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            jobs.clear();
            next = 0;
        }
    }
}
