package dev.quartermaster.sim.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.format.Unreadable;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.WorkloadSource;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gavel's synthetic workload (OSDI'20), generated the way its simulator does (data/gavel/WORKLOAD.md); the same
 * distribution, not the same numbers as Gavel's Python generator.
 *
 * <p>The fleet: 36 V100, 36 P100 and 36 K80 as in the paper, in nodes of 4 GPUs (9 per type; 36 does not split into
 * 8-GPU nodes). Jobs of up to 4 GPUs take one node; 8-GPU jobs take two nodes, topology cluster (any 2 of the pool's
 * 9 nodes). One team {@value #TEAM} owns them all.
 *
 * <p>The jobs: Poisson arrivals, the first at {@code start}; a job type drawn uniformly from the 26 single-GPU types of
 * {@code simulation_throughputs.json}; a duration on an isolated V100 of {@code 60 * 10^U(1.5, 3)} s with probability
 * 0.8, else {@code 60 * 10^U(3, 4)} s; in multi-GPU traces a scale factor (1, 2, 4 or 8 GPUs with probabilities 0.7,
 * 0.1, 0.15, 0.05), the type redrawn until it has that scale factor (only ResNet-18, ResNet-50, Transformer and LM
 * do). The work is the duration on V100; the relative speed on each type is its isolated throughput there over the
 * V100 one at the same scale factor (a type of throughput 0 is not acceptable). Jobs checkpoint every 6 minutes, the
 * length of Gavel's rounds. Not generated: Gavel's optional priority weights and SLOs. The id is {@code gavel-<n>},
 * n from 0 as in Gavel (which measures jobs 4000 to 5000); the workload's name is the job type, like
 * {@code resnet-18-bs64-x2}.
 */
public final class GavelWorkload {

    public static final String TEAM = "gavel";
    public static final int GPUS_PER_TYPE = 36;
    public static final int GPUS_PER_NODE = 4;
    public static final Duration CHECKPOINT = Duration.ofMinutes(6);
    /** Gavel's worker types (keys of the JSON file) and our accelerator names, reference first. */
    public static final Map<String, String> WORKER_TYPES = orderedMap("v100", "V100", "p100", "P100", "k80", "K80");
    private static final Map<String, Integer> MEMORY_GIB = Map.of("V100", 16, "P100", 16, "K80", 12);
    private static final Pattern KEY = Pattern.compile("\\('(.+)', (\\d+)\\)");

    private GavelWorkload() {}

    /**
     * A job type: a model with its batch size and a scale factor (GPUs), and its isolated throughput in steps per
     * second on each accelerator (0 when it does not fit).
     */
    public record JobType(String model, int scaleFactor, Map<String, Double> stepsPerSecond) {

        public JobType {
            stepsPerSecond = Map.copyOf(stepsPerSecond);
        }

        /** "ResNet-18" of "ResNet-18 (batch size 64)". */
        public String family() {
            int paren = model.indexOf(" (");
            return paren < 0 ? model : model.substring(0, paren);
        }

        /** "resnet-18-bs64-x2": the workload's name. */
        public String slug() {
            String slug = model.toLowerCase(Locale.ROOT).replace(" (batch size ", "-bs").replace(")", "").replace(' ', '-');
            return slug + "-x" + scaleFactor;
        }

        /**
         * Relative speed on each accelerator that can run the job, V100 = 1.0. A ratio under the model's 0.01 floor would
         * be raised to it (none of the file's is: they run from 0.07 to 2.3).
         */
        public Map<String, Double> speeds() {
            double v100 = stepsPerSecond.get("V100");
            Map<String, Double> speeds = new LinkedHashMap<>();
            for (String accelerator : WORKER_TYPES.values()) {
                double steps = stepsPerSecond.getOrDefault(accelerator, 0.0);
                if (steps > 0) {
                    speeds.put(accelerator, Math.max(Workload.SPEED.min(), steps / v100));
                }
            }
            return speeds;
        }
    }

    public static Fleet fleet() {
        List<Accelerator> accelerators = new ArrayList<>();
        List<NodePool> pools = new ArrayList<>();
        Map<String, Quota> quota = new LinkedHashMap<>();
        int nodes = GPUS_PER_TYPE / GPUS_PER_NODE;
        for (String type : WORKER_TYPES.values()) {
            accelerators.add(new Accelerator(type, "nvidia", SoftwareStack.CUDA, MEMORY_GIB.get(type), 1.0));
            pools.add(new NodePool(type.toLowerCase(Locale.ROOT), type, nodes, false, GPUS_PER_NODE, nodes, 1.0,
                    Duration.ZERO, null));
            quota.put(type, Quota.of(GPUS_PER_TYPE));
        }
        Provider provider = new Provider("gavel", Tier.IN_HOUSE, Set.of(),
                List.of(new Cluster("gavel", "gavel", pools)), List.of());
        return new Fleet(accelerators, List.of(provider), List.of(new Team(TEAM, null, 1.0, quota, null)), List.of());
    }

    /**
     * Every job type of {@code simulation_throughputs.json} (its keys under "v100"), with the isolated ("null")
     * throughputs on v100, p100 and k80; the {@code *_unconsolidated} types and the colocated pairs are not read.
     *
     * @throws IllegalArgumentException when the file is not JSON or not shaped as Gavel's, naming what is wrong
     * @throws UncheckedIOException when it cannot be read
     */
    public static List<JobType> jobTypes(Path throughputsJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(throughputsJson.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var where = e.getLocation();
            throw new IllegalArgumentException(throughputsJson + ": not JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        } catch (IOException e) {
            throw Unreadable.file(throughputsJson, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException(throughputsJson + ": empty, not Gavel's throughputs");
        }
        List<JobType> types = new ArrayList<>();
        Iterator<String> keys = required(root, "v100", throughputsJson).fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                throw new IllegalArgumentException(throughputsJson + ": job type " + key + " is not like ('<model>', <scale factor>)");
            }
            Map<String, Double> steps = new LinkedHashMap<>();
            WORKER_TYPES.forEach((worker, accelerator) -> {
                JsonNode isolated = required(root, worker, throughputsJson).path(key).path("null");
                if (!isolated.isNumber()) {
                    throw new IllegalArgumentException(throughputsJson + ": no number at " + worker + " / " + key + " / null");
                }
                steps.put(accelerator, isolated.doubleValue());
            });
            if (steps.get("V100") <= 0) {
                throw new IllegalArgumentException(throughputsJson + ": " + key + " has no throughput on v100, the reference");
            }
            types.add(new JobType(m.group(1), Integer.parseInt(m.group(2)), steps));
        }
        return types;
    }

    private static JsonNode required(JsonNode root, String field, Path file) {
        JsonNode node = root.path(field);
        if (!node.isObject()) {
            throw new IllegalArgumentException(file + ": no object '" + field + "' at the top level");
        }
        return node;
    }

    /**
     * {@code count} jobs at {@code jobsPerHour} on average; multi-GPU jobs only when {@code multiGpu}. The same seed
     * gives the same jobs.
     */
    public static WorkloadSource jobs(Path throughputsJson, double jobsPerHour, boolean multiGpu, long seed, Instant start,
            int count) {
        if (!(jobsPerHour > 0) || Double.isInfinite(jobsPerHour)) {
            throw new IllegalArgumentException("jobsPerHour must be positive, not " + jobsPerHour);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, not " + count);
        }
        return new Jobs(jobTypes(throughputsJson), jobsPerHour, multiGpu, seed, start, count);
    }

    private static final class Jobs implements WorkloadSource {

        private final Map<String, JobType> types = new LinkedHashMap<>(); // by model and scale factor, see key()
        private final List<JobType> singleGpu = new ArrayList<>();
        private final double meanGapSeconds;
        private final boolean multiGpu;
        private final SplittableRandom random;
        private final Instant start;
        private final int count;
        private final String name;
        private double seconds; // since start
        private int made;

        Jobs(List<JobType> all, double jobsPerHour, boolean multiGpu, long seed, Instant start, int count) {
            all.forEach(t -> types.put(key(t.model(), t.scaleFactor()), t));
            all.stream().filter(t -> t.scaleFactor() == 1).forEach(singleGpu::add);
            for (int scale : multiGpu ? new int[] {1, 2, 4, 8} : new int[] {1}) {
                if (all.stream().noneMatch(t -> t.scaleFactor() == scale)) {
                    throw new IllegalArgumentException("no job type has scale factor " + scale);
                }
            }
            this.meanGapSeconds = 3600 / jobsPerHour;
            this.multiGpu = multiGpu;
            this.random = new SplittableRandom(seed);
            this.start = Objects.requireNonNull(start, "start is null");
            this.count = count;
            this.name = String.format(Locale.ROOT, "gavel (%,d %s jobs at %.2f/h, seed %d)", count,
                    multiGpu ? "multi-GPU" : "single-GPU", jobsPerHour, seed);
        }

        @Override
        public boolean hasNext() {
            return made < count;
        }

        @Override
        public Arrival next() {
            if (!hasNext()) {
                throw new NoSuchElementException(name + " has no more jobs");
            }
            if (made > 0) {
                seconds += -Math.log(1 - random.nextDouble()) * meanGapSeconds;
            }
            JobType type = pick();
            double exponent = random.nextDouble() < 0.8 ? random.nextDouble(1.5, 3) : random.nextDouble(3, 4);
            Duration onV100 = TraceSource.seconds(60 * Math.pow(10, exponent));
            int scale = multiGpu ? scaleFactor(random.nextDouble()) : 1;
            while (!types.containsKey(key(type.model(), scale))) {
                type = pick();
            }
            JobType job = types.get(key(type.model(), scale));
            int perNode = Math.min(scale, GPUS_PER_NODE);
            Workload workload = new Workload(job.slug(), TEAM, WorkloadKind.TRAINING, Priority.NORMAL, DataClass.INTERNAL,
                    scale, perNode, job.speeds(), SoftwareStack.CUDA, scale > perNode ? Topology.CLUSTER : Topology.NODE,
                    new Work.Estimate(onV100), CHECKPOINT, List.of(), 1, null, null);
            String id = "gavel-" + made++;
            return new Arrival(start.plus(TraceSource.seconds(seconds)), id, workload);
        }

        private JobType pick() {
            return singleGpu.get(random.nextInt(singleGpu.size()));
        }

        private static String key(String model, int scale) {
            return model + "/" + scale;
        }

        /** Gavel's split: [0.7, 0.8] -> 2, (0.8, 0.95] -> 4, above 0.95 -> 8, else 1. */
        private static int scaleFactor(double r) {
            if (r >= 0.7 && r <= 0.8) {
                return 2;
            }
            if (r > 0.8 && r <= 0.95) {
                return 4;
            }
            return r > 0.95 ? 8 : 1;
        }

        @Override
        public String name() {
            return name;
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
