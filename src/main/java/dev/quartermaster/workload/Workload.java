package dev.quartermaster.workload;

import static java.util.Objects.requireNonNull;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.InvalidFieldException;
import dev.quartermaster.fleet.Names;
import dev.quartermaster.fleet.SoftwareStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A unit of work submitted by a team: a gang of {@code gpus} GPUs on nodes of {@code gpusPerNode} GPUs each, placed
 * all or nothing. An inference service is {@code replicas} such gangs spread over {@code regions}.
 *
 * @param accelerators acceptable accelerator types and the workload's relative speed on each (insertion order kept)
 * @param runtime the software stack the workload needs, or null when any stack of the acceptable types will do
 * @param work how much work, or null for a service that runs until cancelled (inference)
 * @param checkpointInterval how often progress is saved, or null when it never is (a failure loses everything)
 * @param regions regions the workload may run in; empty means anywhere
 * @param latencyTarget an inference latency target, or null
 * @param deadline when the work should be done, or null
 */
public record Workload(
        String name,
        String team,
        WorkloadKind kind,
        int priority,
        DataClass dataClass,
        int gpus,
        int gpusPerNode,
        Map<String, Double> accelerators,
        SoftwareStack runtime,
        Topology topology,
        Work work,
        Duration checkpointInterval,
        List<String> regions,
        int replicas,
        Duration latencyTarget,
        Instant deadline) {

    public static final Bounds GPUS = Bounds.integers(1, 100_000);
    public static final Bounds GPUS_PER_NODE = Bounds.integers(1, 64);
    public static final Bounds SPEED = Bounds.decimals(0.01, 100);
    public static final Bounds REPLICAS = Bounds.integers(1, 10_000);
    public static final Bounds CHECKPOINT_MINUTES = Bounds.integers(1, 7 * 24 * 60);
    public static final Bounds LATENCY_MS = Bounds.integers(1, 60_000);

    public Workload {
        Names.check("name", name);
        Names.check("team", team);
        requireNonNull(kind, "kind is null");
        Priority.RANGE.check("priority", priority);
        requireNonNull(dataClass, "dataClass is null");
        GPUS.check("gpus", gpus);
        GPUS_PER_NODE.check("gpusPerNode", gpusPerNode);
        if (gpusPerNode > gpus) {
            throw new InvalidFieldException("gpusPerNode", "must be at most gpus " + gpus + ", not " + gpusPerNode);
        }
        if (gpus % gpusPerNode != 0) {
            throw new InvalidFieldException("gpus", "must be a multiple of gpusPerNode " + gpusPerNode + ", not " + gpus);
        }
        accelerators = Names.copy("accelerators", accelerators);
        if (accelerators.isEmpty()) {
            throw new InvalidFieldException("accelerators", "must name at least one acceptable accelerator type");
        }
        accelerators.forEach((type, speed) -> {
            Names.check("accelerators", type);
            SPEED.check("accelerators." + type, speed);
        });
        requireNonNull(topology, "topology is null");
        if (topology == Topology.NODE && gpus > gpusPerNode) {
            throw new InvalidFieldException("topology", "node needs all " + gpus + " GPUs on one node, but gpusPerNode is "
                    + gpusPerNode + "; use block or cluster");
        }
        if (work == null && kind != WorkloadKind.INFERENCE) {
            throw new InvalidFieldException("work", "is required for a " + kind.name().toLowerCase().replace('_', '-')
                    + " workload: gpuHours and on, or duration");
        }
        if (work instanceof Work.GpuHours gh && !accelerators.containsKey(gh.on())) {
            throw new InvalidFieldException("work.on", "must be one of the workload's accelerators " + accelerators.keySet()
                    + ", not '" + gh.on() + "'");
        }
        if (checkpointInterval != null) {
            CHECKPOINT_MINUTES.check("checkpointEveryMinutes", (double) checkpointInterval.toMinutes());
        }
        regions = Names.copy("regions", regions);
        regions.forEach(r -> Names.check("regions", r));
        REPLICAS.check("replicas", replicas);
        if (replicas > 1 && kind != WorkloadKind.INFERENCE) {
            throw new InvalidFieldException("replicas", "is for inference services only; a " + kind.name().toLowerCase()
                    .replace('_', '-') + " workload has 1");
        }
        if (latencyTarget != null) {
            LATENCY_MS.check("latencyTargetMs", (double) latencyTarget.toMillis());
        }
    }

    /** Nodes one gang occupies, {@code gpusPerNode} GPUs on each; a gang may share a node with other work. */
    public int nodes() {
        return gpus / gpusPerNode;
    }

    /** The same workload with other work to do (null: a service without work). */
    public Workload withWork(Work work) {
        return new Workload(name, team, kind, priority, dataClass, gpus, gpusPerNode, accelerators, runtime, topology, work,
                checkpointInterval, regions, replicas, latencyTarget, deadline);
    }

    /** The same workload with another deadline (null: none). */
    public Workload withDeadline(Instant deadline) {
        return new Workload(name, team, kind, priority, dataClass, gpus, gpusPerNode, accelerators, runtime, topology, work,
                checkpointInterval, regions, replicas, latencyTarget, deadline);
    }

    /** The relative speed on an accelerator type, or 0 when the type is not acceptable. */
    public double speedOn(String accelerator) {
        return accelerators.getOrDefault(accelerator, 0.0);
    }

    /** Wall-clock hours the work takes at relative speed 1.0; +infinity for a service without work. */
    public double referenceHours() {
        if (work == null) {
            return Double.POSITIVE_INFINITY;
        }
        return switch (work) {
            case Work.GpuHours gh -> gh.gpuHours() / gpus * speedOn(gh.on());
            case Work.Estimate e -> e.duration().toNanos() / 3.6e12;
        };
    }

    /**
     * Wall-clock hours the whole work takes on an accelerator type, or +infinity for a service without work or for a
     * type that is not acceptable.
     */
    public double hoursOn(String accelerator) {
        double speed = speedOn(accelerator);
        return speed == 0 ? Double.POSITIVE_INFINITY : referenceHours() / speed;
    }
}
