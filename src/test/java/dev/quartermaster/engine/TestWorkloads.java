package dev.quartermaster.engine;

import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fluent builder of workloads for engine tests: one 8-GPU H100 training job of one hour by default. */
public final class TestWorkloads {

    private String name;
    private String team = "a";
    private WorkloadKind kind = WorkloadKind.TRAINING;
    private int priority = Priority.NORMAL;
    private DataClass dataClass = DataClass.INTERNAL;
    private int gpus = 8;
    private int gpusPerNode = 8;
    private Map<String, Double> accelerators = new LinkedHashMap<>(Map.of("H100", 1.0));
    private SoftwareStack runtime;
    private Topology topology;
    private Work work = new Work.Estimate(Duration.ofHours(1));
    private Duration checkpoint;
    private List<String> regions = List.of();
    private int replicas = 1;

    public static TestWorkloads workload(String name) {
        TestWorkloads w = new TestWorkloads();
        w.name = name;
        return w;
    }

    public TestWorkloads team(String team) {
        this.team = team;
        return this;
    }

    public TestWorkloads kind(WorkloadKind kind) {
        this.kind = kind;
        return this;
    }

    public TestWorkloads priority(int priority) {
        this.priority = priority;
        return this;
    }

    public TestWorkloads restricted() {
        this.dataClass = DataClass.RESTRICTED;
        return this;
    }

    public TestWorkloads gpus(int gpus) {
        this.gpus = gpus;
        this.gpusPerNode = Math.min(gpus, 8);
        return this;
    }

    public TestWorkloads gpus(int gpus, int perNode) {
        this.gpus = gpus;
        this.gpusPerNode = perNode;
        return this;
    }

    /** Acceptable accelerators and speeds: "B200", 2.2, "H100", 1.0. */
    public TestWorkloads on(Object... typeAndSpeed) {
        accelerators = new LinkedHashMap<>();
        for (int i = 0; i < typeAndSpeed.length; i += 2) {
            accelerators.put((String) typeAndSpeed[i], ((Number) typeAndSpeed[i + 1]).doubleValue());
        }
        return this;
    }

    public TestWorkloads runtime(SoftwareStack runtime) {
        this.runtime = runtime;
        return this;
    }

    public TestWorkloads topology(Topology topology) {
        this.topology = topology;
        return this;
    }

    public TestWorkloads hours(double hours) {
        this.work = new Work.Estimate(Duration.ofMillis((long) (hours * 3_600_000)));
        return this;
    }

    public TestWorkloads service() {
        this.kind = WorkloadKind.INFERENCE;
        this.work = null;
        return this;
    }

    public TestWorkloads checkpointEvery(Duration every) {
        this.checkpoint = every;
        return this;
    }

    public TestWorkloads regions(String... regions) {
        this.regions = List.of(regions);
        return this;
    }

    public TestWorkloads replicas(int replicas) {
        this.replicas = replicas;
        return this;
    }

    public Workload build() {
        Topology t = topology != null ? topology : gpus <= gpusPerNode ? Topology.NODE : Topology.BLOCK;
        return new Workload(name, team, kind, priority, dataClass, gpus, gpusPerNode, accelerators, runtime, t, work,
                checkpoint, regions, replicas, null, null);
    }
}
