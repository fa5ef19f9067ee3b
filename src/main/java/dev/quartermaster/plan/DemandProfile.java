package dev.quartermaster.plan;

import dev.quartermaster.engine.policy.EffectiveCost;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.WorkloadSource;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Demand as the planner's LP sees it: reference GPU-hours (GPU-hours at relative speed 1.0) per class of workloads and
 * per time bucket. A workload of G GPUs (times its replicas) that arrives at {@code a} is counted as running from
 * {@code a} at its fastest acceptable speed v, so it needs G x v reference GPU-hours per hour until its work is done
 * (a service without work: until the horizon). Queueing is not modelled here; the simulation measures it.
 *
 * @param demand reference GPU-hours, {@code demand[class][bucket]}
 * @param spotExposure per class, what spot interruptions cost it: on a spot pool taken back {@code r} times per node-hour,
 *     a share {@code r x spotExposure} of the hours run there is work done again. It is the mean over the class's
 *     workloads, weighted by their GPU-hours, of a gang's nodes (any of them taken stops the gang) times the hours one
 *     interruption loses (half a checkpoint interval, or half the run without checkpoints: {@link EffectiveCost#lostHours})
 */
public record DemandProfile(Instant start, int bucketHours, int buckets, List<DemandClass> classes, double[][] demand,
        double[] spotExposure, Map<String, Double> byTeam, Map<String, Double> byKind, int workloads, String source) {

    /**
     * Workloads that accept the same accelerator types at the same speeds, whose data is restricted or not, and that
     * need as many GPUs on each node: they can be served by the same capacity (pools with nodes of at least
     * {@code gpusPerNode} GPUs).
     */
    public record DemandClass(Map<String, Double> accelerators, boolean restricted, int gpusPerNode) {

        public DemandClass(Map<String, Double> accelerators, boolean restricted) {
            this(accelerators, restricted, 1);
        }

        public String label() {
            StringBuilder s = new StringBuilder();
            accelerators.forEach((type, speed) -> s.append(s.isEmpty() ? "" : " ").append(type).append(speed == 1.0 ? ""
                    : "@" + speed));
            return s + (restricted ? " restricted" : "") + (gpusPerNode > 1 ? " x" + gpusPerNode + "/node" : "");
        }

        public double fastest() {
            return accelerators.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        }
    }

    /** Reads every arrival of {@code source} before {@code horizon} (null: up to the last arrival). */
    public static DemandProfile of(WorkloadSource source, Instant start, int bucketHours, Instant horizon) {
        List<Arrival> arrivals = new ArrayList<>();
        try (source) {
            while (source.hasNext()) {
                Arrival a = source.next();
                if (horizon != null && !a.at().isBefore(horizon)) {
                    break;
                }
                arrivals.add(a);
            }
        }
        Instant end = horizon;
        if (end == null) {
            end = arrivals.isEmpty() ? start.plus(Duration.ofHours(bucketHours)) : arrivals.get(arrivals.size() - 1).at().plusMillis(1);
        }
        double hours = Duration.between(start, end).toMillis() / 3_600_000.0;
        int buckets = Math.max(1, (int) Math.ceil(hours / bucketHours - 1e-9));
        double endHour = horizon == null ? buckets * (double) bucketHours : hours;
        Map<DemandClass, double[]> byClass = new LinkedHashMap<>();
        Map<DemandClass, double[]> exposure = new LinkedHashMap<>(); // {GPU-hours x nodes x lost hours, GPU-hours}
        Map<String, Double> byTeam = new TreeMap<>();
        Map<String, Double> byKind = new TreeMap<>();
        for (Arrival a : arrivals) {
            Workload w = a.workload();
            DemandClass c = new DemandClass(w.accelerators(), w.dataClass() == DataClass.RESTRICTED, w.gpusPerNode());
            double[] row = byClass.computeIfAbsent(c, k -> new double[buckets]);
            double speed = c.fastest();
            double from = Duration.between(start, a.at()).toMillis() / 3_600_000.0;
            double to = Math.min(endHour, from + w.referenceHours() / speed);
            double rate = (double) w.gpus() * w.replicas() * speed;
            double total = 0;
            for (int b = (int) Math.floor(from / bucketHours); b < buckets && b * (double) bucketHours < to; b++) {
                double overlap = Math.min(to, (b + 1.0) * bucketHours) - Math.max(from, b * (double) bucketHours);
                if (overlap > 0) {
                    row[b] += overlap * rate;
                    total += overlap * rate;
                }
            }
            double[] e = exposure.computeIfAbsent(c, k -> new double[2]);
            e[0] += total * w.nodes() * EffectiveCost.lostHours(w, EffectiveCost.runHours(w.referenceHours() / speed));
            e[1] += total;
            byTeam.merge(w.team(), total, Double::sum);
            byKind.merge(w.kind().name().toLowerCase().replace('_', '-'), total, Double::sum);
        }
        List<DemandClass> classes = new ArrayList<>(byClass.keySet());
        double[][] demand = classes.stream().map(byClass::get).toArray(double[][]::new);
        double[] spotExposure = classes.stream().map(exposure::get).mapToDouble(e -> e[1] == 0 ? 0 : e[0] / e[1]).toArray();
        return new DemandProfile(start, bucketHours, buckets, List.copyOf(classes), demand, spotExposure, byTeam, byKind, arrivals.size(),
                source.name());
    }

    public Instant end() {
        return start.plus(Duration.ofHours((long) buckets * bucketHours));
    }

    public double hours() {
        return (double) buckets * bucketHours;
    }

    public double total() {
        double sum = 0;
        for (double[] row : demand) {
            for (double v : row) {
                sum += v;
            }
        }
        return sum;
    }

    /** Reference GPUs busy on average in each bucket, all classes together. */
    public double[] averageGpus() {
        double[] gpus = new double[buckets];
        for (double[] row : demand) {
            for (int b = 0; b < buckets; b++) {
                gpus[b] += row[b] / bucketHours;
            }
        }
        return gpus;
    }
}
