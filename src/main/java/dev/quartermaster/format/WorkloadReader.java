package dev.quartermaster.format;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Names;
import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.fleet.Violation;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Launch;
import dev.quartermaster.workload.Priority;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadChecks;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads workload documents: one workload, a list of them, or {@code workloads: [...]}. With a fleet, each workload is
 * also checked against it ({@link WorkloadChecks}).
 */
public final class WorkloadReader {

    static final String[] FIELDS = {"name", "team", "kind", "priority", "dataClass", "gpus", "gpusPerNode", "accelerators",
        "runtime", "topology", "work", "checkpointEveryMinutes", "regions", "replicas", "latencyTargetMs", "deadline", "run"};

    /** GPUs per node assumed when a workload does not say: a common node size. */
    public static final int DEFAULT_GPUS_PER_NODE = 8;

    private final Problems problems;
    private final Fleet fleet;

    /** {@code fleet} may be null: then only what a workload says of itself is checked. */
    public WorkloadReader(Problems problems, Fleet fleet) {
        this.problems = problems;
        this.fleet = fleet;
    }

    /** Every workload of the document; those with problems are left out (and their problems added). */
    public List<Workload> read(Node root) {
        List<Node> items;
        if (root.type() == Node.Type.ARRAY) {
            items = root.items();
        } else if (root.type() == Node.Type.OBJECT && root.fields().containsKey("workloads")) {
            Fields f = new Fields(root, problems, "workloads");
            items = f.list("workloads", true, "workloads");
            if (items == null) {
                return List.of();
            }
        } else {
            items = List.of(root);
        }
        List<Workload> read = new ArrayList<>();
        for (Node item : items) {
            Workload w = workload(item);
            if (w != null) {
                read.add(w);
            }
        }
        return read;
    }

    public Workload workload(Node node) {
        int before = problems.count();
        Fields f = new Fields(node, problems, FIELDS);
        if (!f.isObject()) {
            return null;
        }
        String name = f.name("name", true);
        String team = sharedTeamName(f.name("team", true));
        WorkloadKind kind = f.choice("kind", WorkloadKind.class, true);
        Integer priority = priority(f);
        DataClass dataClass = f.choice("dataClass", DataClass.class, false);
        Integer gpus = f.integer("gpus", Workload.GPUS, true);
        Integer perNode = f.integer("gpusPerNode", Workload.GPUS_PER_NODE, false);
        Map<String, Double> accelerators = accelerators(f);
        SoftwareStack runtime = f.choice("runtime", SoftwareStack.class, false);
        Topology topology = f.choice("topology", Topology.class, false);
        Work work = f.has("work") ? work(f.get("work")) : null;
        Integer checkpoint = f.integer("checkpointEveryMinutes", Workload.CHECKPOINT_MINUTES, false);
        List<String> regions = f.names("regions", "region");
        Integer replicas = f.integer("replicas", Workload.REPLICAS, false);
        Integer latency = f.integer("latencyTargetMs", Workload.LATENCY_MS, false);
        Instant deadline = deadline(f);
        if (problems.count() > before) {
            return null;
        }
        int gpusPerNode = perNode != null ? perNode : Math.min(gpus, DEFAULT_GPUS_PER_NODE);
        if (f.has("run")) {
            launch(f.get("run"));
        }
        Workload w = problems.build(node, before, () -> new Workload(name, team, kind,
                priority == null ? Priority.NORMAL : priority,
                dataClass == null ? DataClass.INTERNAL : dataClass,
                gpus, gpusPerNode, accelerators, runtime,
                topology != null ? topology : gpus <= gpusPerNode ? Topology.NODE : Topology.BLOCK,
                work,
                checkpoint == null ? null : Duration.ofMinutes(checkpoint),
                regions,
                replicas == null ? 1 : replicas,
                latency == null ? null : Duration.ofMillis(latency),
                deadline));
        if (w != null && fleet != null) {
            for (Violation v : WorkloadChecks.against(fleet, w)) {
                problems.violation(node, v);
            }
            return problems.count() > before ? null : w;
        }
        return w;
    }

    /**
     * What a cluster manager runs: {@code run: { command: "...", image: "..." }}. Read (and checked) here, kept out of
     * the workload: backends read it from the stored document with {@link #launch(Node)}.
     */
    public Launch launch(Node node) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "command", "image");
        String command = f.text("command", false, "a shell command, the body of a batch script");
        String image = f.text("image", false, "a container image, e.g. registry.example.com/train:1.4");
        if (command != null && command.length() > Launch.MAX_COMMAND_CHARS) {
            problems.at(f.get("command"), "is " + command.length() + " characters; at most " + Launch.MAX_COMMAND_CHARS + " are accepted");
        }
        return problems.count() > before ? null : new Launch(command, image);
    }

    private Integer priority(Fields f) {
        if (!f.has("priority")) {
            return null;
        }
        Node v = f.get("priority");
        if (v.type() == Node.Type.STRING && Priority.NAMES.containsKey(((String) v.value()).toLowerCase())) {
            return Priority.NAMES.get(((String) v.value()).toLowerCase());
        }
        if (v.type() == Node.Type.INTEGER) {
            return f.integer("priority", Priority.RANGE, false);
        }
        problems.at(v, "must be low, normal, high, critical or " + Priority.RANGE.describe() + ", not " + v.describe());
        return null;
    }

    /** The fleet's own string for a team it has (held once, not once per workload); the name as read otherwise. */
    private String sharedTeamName(String team) {
        return team == null || fleet == null ? team : fleet.team(team).map(dev.quartermaster.fleet.Team::name).orElse(team);
    }

    private Map<String, Double> accelerators(Fields f) {
        String allowed = "acceptable accelerator types with the workload's relative speed on each, as in { B200: 2.2, H100: 1.0 },"
                + " or a list of types that all run at speed 1.0";
        if (!f.has("accelerators")) {
            f.text("accelerators", true, allowed);
            return null;
        }
        Node v = f.get("accelerators");
        Map<String, Double> speeds = new LinkedHashMap<>();
        int before = problems.count();
        switch (v.type()) {
            case OBJECT -> v.fields().forEach((type, speed) -> {
                checkName(speed, type);
                speeds.put(type, Fields.number(speed, Workload.SPEED, problems));
            });
            case ARRAY -> v.items().forEach(item -> {
                if (item.type() == Node.Type.STRING) {
                    checkName(item, (String) item.value());
                    speeds.put((String) item.value(), 1.0);
                } else {
                    problems.at(item, "must be an accelerator type, not " + item.describe());
                }
            });
            default -> problems.at(v, "must be " + allowed + ", not " + v.describe());
        }
        if (problems.count() == before && speeds.isEmpty()) {
            problems.at(v, "must name at least one acceptable accelerator type");
        }
        return problems.count() > before ? null : SharedSpeeds.of(speeds);
    }

    private void checkName(Node at, String name) {
        if (!Names.isValid(name)) {
            problems.at(at, "'" + name + "' is not an accelerator type name: " + Names.ALLOWED);
        }
    }

    private Work work(Node node) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "gpuHours", "on", "duration");
        if (!f.isObject()) {
            return null;
        }
        if (f.has("duration")) {
            if (f.has("gpuHours") || f.has("on")) {
                problems.at(f.get("duration"), "cannot be given with gpuHours and on: say how much work either way, not both");
            }
            Duration duration = f.duration("duration", true);
            return problems.build(node, before, () -> new Work.Estimate(duration));
        }
        Double gpuHours = f.number("gpuHours", Work.GPU_HOURS, true);
        String on = f.name("on", true);
        return problems.build(node, before, () -> new Work.GpuHours(gpuHours, on));
    }

    private Instant deadline(Fields f) {
        String allowed = "a date (2027-03-01) or a UTC time (2027-03-01T12:00:00Z)";
        String text = f.text("deadline", false, allowed);
        if (text == null) {
            return null;
        }
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            problems.at(f.get("deadline"), "must be " + allowed + ", not '" + text + "'");
            return null;
        }
    }
}
