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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alibaba's heterogeneous GPU cluster trace of 2023 ("OpenB", FGD, ATC'23): a node list and pod lists (see the
 * traces' README, section 1).
 *
 * <p>The fleet, from {@code openb_node_list_gpu_node.csv} or {@code ..._all_node.csv} (columns {@code sn}: unused;
 * {@code cpu_milli}, {@code memory_mib}: unused, the model has no CPU or memory; {@code gpu}: GPUs per node;
 * {@code model}): one in-house provider, one cluster, a pool per (model, GPUs per node) named like {@code t4-x2}, CPU-only
 * nodes left out; an accelerator per model, all CUDA, memory per {@link #MEMORY_GIB}; one team {@value #TEAM} whose
 * quota is every GPU of each model.
 *
 * <p>The pods, one batch workload per GPU pod, columns:
 * <ul>
 *   <li>{@code name}: the arrival's id and the workload's name;
 *   <li>{@code cpu_milli}, {@code memory_mib}, {@code qos}, {@code pod_phase}: unused (every pod gets normal priority);
 *   <li>{@code num_gpu}: the GPUs, all on one node (a pod never spans nodes). 0 is skipped ("cpu-only");
 *   <li>{@code gpu_milli}: a pod that shares a GPU ({@code < 1000}) is given the whole GPU, since the model has no
 *       fractional GPUs; counted in {@link TraceSource#adjusted()};
 *   <li>{@code gpu_spec}: the acceptable models, '|'-separated, repeats removed; empty means every model passed to
 *       {@link #pods}. Relative speed 1.0 on each: the trace has no throughputs. A model not passed in is malformed;
 *   <li>{@code creation_time} (seconds): the arrival; the first pod read arrives at {@code start}, the others that
 *       many seconds later. The default list is sorted by it, several variants are not (the cpu* and gpushare* ones):
 *       a first streaming pass checks, and an unsorted list is read whole and sorted, stably;
 *   <li>{@code deletion_time} minus {@code scheduled_time} (or {@code creation_time} when the pod was never scheduled:
 *       empty or 0): the work, at speed 1.0. Not positive: skipped ("non-positive duration"). No checkpoints.
 * </ul>
 * The {@code multigpu*} variants have no time columns and cannot be replayed: {@link #pods} refuses them.
 */
public final class AlibabaTrace {

    public static final String TEAM = "alibaba";
    public static final String SHARED_GPU = "shared GPU (gpu_milli < 1000) given a whole GPU";

    /**
     * Memory per GPU, GiB. V100M16/V100M32 from the README; T4 16, P100 16 (its larger variant) and A10 24 are the
     * cards' specifications; G2 and G3 are undisclosed, so they get 16, a placeholder (memory does not affect placement).
     */
    public static final Map<String, Integer> MEMORY_GIB = Map.of(
            "G2", 16, "G3", 16, "T4", 16, "P100", 16, "V100M16", 16, "V100M32", 32, "A10", 24);

    private static final String[] NODE_COLUMNS = {"sn", "gpu", "model"};
    private static final String[] POD_COLUMNS = {
        "name", "num_gpu", "gpu_milli", "gpu_spec", "creation_time", "deletion_time", "scheduled_time"};

    private AlibabaTrace() {}

    /** The fleet of a node list; a malformed row fails (a fleet is never read leniently). */
    public static Fleet fleet(Path nodeListCsv) {
        Map<String, Map<Integer, Integer>> nodes = new TreeMap<>(); // model -> GPUs per node -> nodes
        try (CsvFile csv = CsvFile.open(nodeListCsv, NODE_COLUMNS)) {
            try {
                for (CsvRow row = csv.next(); row != null; row = csv.next()) {
                    int gpus = row.whole("gpu", 0, (int) NodePool.GPUS_PER_NODE.max());
                    String model = row.text("model");
                    if (gpus == 0 && model.isEmpty()) {
                        continue; // CPU-only
                    }
                    if (gpus == 0 || !MEMORY_GIB.containsKey(model)) {
                        throw new BadValue("model", "'" + model + "' with " + gpus + " GPUs: expected 0 GPUs and no model,"
                                + " or GPUs of one of " + new TreeMap<>(MEMORY_GIB).keySet());
                    }
                    nodes.computeIfAbsent(model, m -> new TreeMap<>()).merge(gpus, 1, Integer::sum);
                }
            } catch (BadValue bad) {
                throw new TraceFormatException(csv.file(), csv.line(), bad.getMessage());
            }
        }
        if (nodes.isEmpty()) {
            throw new TraceFormatException(nodeListCsv.toString(), 1, "no GPU nodes");
        }
        List<Accelerator> accelerators = new ArrayList<>();
        List<NodePool> pools = new ArrayList<>();
        Map<String, Quota> quota = new LinkedHashMap<>();
        nodes.forEach((model, byWidth) -> {
            String vendor = model.startsWith("G") ? "undisclosed" : "nvidia";
            accelerators.add(new Accelerator(model, vendor, SoftwareStack.CUDA, MEMORY_GIB.get(model), 1.0));
            int gpus = 0;
            for (Map.Entry<Integer, Integer> e : byWidth.entrySet()) {
                String pool = model.toLowerCase(Locale.ROOT) + "-x" + e.getKey();
                pools.add(new NodePool(pool, model, e.getValue(), false, e.getKey(), e.getValue(), 1.0, Duration.ZERO, null));
                gpus += e.getKey() * e.getValue();
            }
            quota.put(model, Quota.of(gpus));
        });
        Provider provider = new Provider("alibaba", Tier.IN_HOUSE, Set.of(),
                List.of(new Cluster("openb", "openb", pools)), List.of());
        return new Fleet(accelerators, List.of(provider), List.of(new Team(TEAM, null, 1.0, quota, null)), List.of());
    }

    /** The GPU models of a fleet, for {@link #pods}: what an empty {@code gpu_spec} accepts. */
    public static List<String> models(Fleet fleet) {
        return fleet.accelerators().stream().map(Accelerator::name).toList();
    }

    /**
     * The GPU pods of a pod list in order of creation. {@code models} are the fleet's GPU models (see
     * {@link #models(Fleet)}). Strict mode throws on the first bad row: while iterating for a sorted list, here for an
     * unsorted one (which is read whole before the first arrival).
     */
    public static TraceSource pods(Path podCsv, List<String> models, Instant start, boolean lenient) {
        return new Pods(podCsv, models, start, lenient);
    }

    private record Pod(long line, String name, int gpus, List<String> models, double created, Duration duration) {}

    private static final class Pods extends TraceSource {

        private final String name;
        private final Set<String> fleetModels;
        private final Instant start;
        private final CsvFile csv; // when the file is sorted: rows are read as they are needed
        private final Iterator<Pod> sorted; // when it is not: every pod, sorted
        private double first = Double.NaN;

        Pods(Path file, List<String> models, Instant start, boolean lenient) {
            super(file.toString(), lenient);
            this.fleetModels = new LinkedHashSet<>(models);
            this.start = Objects.requireNonNull(start, "start is null");
            this.name = "alibaba-gpu-v2023 " + file.getFileName();
            CsvFile.open(file, POD_COLUMNS).close(); // a variant without the time columns fails here, on line 1
            if (CsvFile.isSortedBy(file, "creation_time")) {
                this.csv = CsvFile.open(file, POD_COLUMNS);
                this.sorted = null;
            } else {
                List<Pod> pods = new ArrayList<>();
                try (CsvFile all = CsvFile.open(file, POD_COLUMNS)) {
                    for (Pod pod = nextPod(all); pod != null; pod = nextPod(all)) {
                        pods.add(pod);
                    }
                }
                pods.sort(Comparator.comparingDouble(Pod::created)); // stable: ties keep file order
                this.csv = null;
                this.sorted = pods.iterator();
            }
        }

        @Override
        protected Arrival read() {
            Pod pod = csv != null ? nextPod(csv) : sorted.hasNext() ? sorted.next() : null;
            if (pod == null) {
                return null;
            }
            if (Double.isNaN(first)) {
                first = pod.created();
            }
            Map<String, Double> accelerators = new LinkedHashMap<>();
            pod.models().forEach(m -> accelerators.put(m, 1.0));
            Workload workload = new Workload(pod.name(), TEAM, WorkloadKind.BATCH, Priority.NORMAL, DataClass.INTERNAL,
                    pod.gpus(), pod.gpus(), accelerators, SoftwareStack.CUDA, Topology.NODE,
                    new Work.Estimate(pod.duration()), null, List.of(), 1, null, null);
            return new Arrival(start.plus(seconds(pod.created() - first)), pod.name(), workload);
        }

        /** The next GPU pod of the file, or null at its end; skips (and in strict mode throws on) bad rows. */
        private Pod nextPod(CsvFile file) {
            while (true) {
                try {
                    CsvRow row = file.next();
                    if (row == null) {
                        return null;
                    }
                    Pod pod = parse(row);
                    if (pod != null) {
                        return pod;
                    }
                } catch (BadValue bad) {
                    malformed(file.line(), bad);
                }
            }
        }

        private Pod parse(CsvRow row) {
            String name = row.name("name", "");
            int gpus = row.whole("num_gpu", 0, (int) Workload.GPUS_PER_NODE.max());
            int milli = row.whole("gpu_milli", 0, 1000);
            List<String> models = models(row);
            double created = row.number("creation_time");
            double deleted = row.number("deletion_time");
            double scheduled = row.isEmpty("scheduled_time") ? 0 : row.number("scheduled_time");
            if (gpus == 0) {
                skip("cpu-only");
                return null;
            }
            if (milli == 0) {
                throw new BadValue("gpu_milli", "'0' for a pod of " + gpus + " GPUs; expected 1 to 1000");
            }
            Duration duration = seconds(deleted - (scheduled == 0 ? created : scheduled));
            if (duration.isNegative() || duration.isZero()) {
                skip("non-positive duration");
                return null;
            }
            if (duration.compareTo(Work.LONGEST) > 0) {
                skip("longer than 366 days");
                return null;
            }
            if (milli < 1000) {
                adjust(SHARED_GPU);
            }
            return new Pod(row.line(), name, gpus, models, created, duration);
        }

        private List<String> models(CsvRow row) {
            String spec = row.text("gpu_spec");
            if (spec.isEmpty()) {
                return List.copyOf(fleetModels);
            }
            Set<String> models = new LinkedHashSet<>();
            for (String model : spec.split("\\|", -1)) {
                if (!fleetModels.contains(model.trim())) {
                    throw new BadValue("gpu_spec", "'" + spec + "' names '" + model + "', not a GPU model of the fleet "
                            + fleetModels);
                }
                models.add(model.trim());
            }
            return List.copyOf(models);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            if (csv != null) {
                csv.close();
            }
        }
    }
}
