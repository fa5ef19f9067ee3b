package dev.quartermaster.format;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.BackendConfig;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Secret;
import dev.quartermaster.fleet.Contract;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.FleetChecks;
import dev.quartermaster.fleet.Names;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.SoftwareStack;
import dev.quartermaster.fleet.Spot;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.fleet.TierPreference;
import dev.quartermaster.fleet.Violation;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/** Reads a fleet document (accelerators, providers with clusters, pools and contracts, teams, tier preferences). */
public final class FleetReader {

    static final Set<String> ROOT_FIELDS = Set.of("accelerators", "providers", "teams", "tierPreferences");

    private final Problems problems;

    public FleetReader(Problems problems) {
        this.problems = problems;
    }

    /** The fleet, or null when the document has problems (all of them added to {@code problems}). */
    public Fleet read(Node root) {
        int before = problems.count();
        Fields f = new Fields(root, problems, "accelerators", "providers", "teams", "tierPreferences");
        if (!f.isObject()) {
            return null;
        }
        List<Accelerator> accelerators = each(f.list("accelerators", true, "accelerator types"), this::accelerator);
        List<Provider> providers = each(f.list("providers", true, "providers"), this::provider);
        List<Team> teams = each(f.list("teams", false, "teams"), this::team);
        List<TierPreference> preferences = each(f.list("tierPreferences", false, "tier preferences"), this::preference);
        unique(f.get("accelerators"), accelerators, Accelerator::name);
        unique(f.get("providers"), providers, Provider::name);
        unique(f.get("teams"), teams, Team::name);
        if (problems.count() > before) {
            return null;
        }
        for (Violation v : FleetChecks.check(accelerators, providers, teams)) {
            problems.violation(root, v);
        }
        return problems.build(root, before, () -> new Fleet(accelerators, providers, teams, preferences));
    }

    /** Reads each item; a list with a bad item reads as null, after every item has been looked at. */
    private <T> List<T> each(List<Node> items, BiFunction<Node, Integer, T> reader) {
        if (items == null) {
            return null;
        }
        List<T> read = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < items.size(); i++) {
            T value = reader.apply(items.get(i), i);
            complete &= value != null;
            read.add(value);
        }
        return complete ? read : null;
    }

    private <T> void unique(Node list, List<T> items, java.util.function.Function<T, String> name) {
        if (items == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String n = name.apply(items.get(i));
            if (!seen.add(n)) {
                problems.at(list.items().get(i).find(Node.child(list.items().get(i).path(), "name")),
                        "'" + n + "' is used twice; names must be unique in " + list.path());
            }
        }
    }

    private Accelerator accelerator(Node node, int index) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "name", "vendor", "runtime", "memoryGiB", "speed");
        String name = f.name("name", true);
        String vendor = f.name("vendor", true);
        SoftwareStack runtime = f.choice("runtime", SoftwareStack.class, true);
        Integer memory = f.integer("memoryGiB", Accelerator.MEMORY_GIB, true);
        Double speed = f.number("speed", Accelerator.SPEED, false);
        return problems.build(node, before, () -> new Accelerator(name, vendor, runtime, memory, speed == null ? 1.0 : speed));
    }

    private Provider provider(Node node, int index) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "name", "tier", "certifications", "clusters", "contracts");
        String name = f.name("name", true);
        Tier tier = f.choice("tier", Tier.class, true);
        List<String> certifications = f.names("certifications", "certification");
        List<Cluster> clusters = each(f.list("clusters", true, "clusters"), this::cluster);
        List<Contract> contracts = each(f.list("contracts", false, "contracts"), this::contract);
        unique(f.get("clusters"), clusters, Cluster::name);
        unique(f.get("contracts"), contracts, Contract::name);
        return problems.build(node, before, () -> new Provider(name, tier, new LinkedHashSet<>(certifications), clusters, contracts));
    }

    private Cluster cluster(Node node, int index) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "name", "region", "pools", "backend");
        String name = f.name("name", true);
        String region = f.name("region", true);
        List<NodePool> pools = each(f.list("pools", true, "node pools"), this::pool);
        unique(f.get("pools"), pools, NodePool::name);
        BackendConfig backend = f.has("backend") ? backend(f.get("backend")) : null;
        return problems.build(node, before, () -> new Cluster(name, region, pools, backend));
    }

    private BackendConfig backend(Node node) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "type", "url", "partition", "namespace", "user", "token", "caCert");
        BackendConfig.Type type = f.choice("type", BackendConfig.Type.class, true);
        String url = f.text("url", true, "the cluster manager's URL, e.g. http://127.0.0.1:6820");
        String partition = f.text("partition", false, "a Slurm partition name");
        String namespace = f.text("namespace", false, "a Kubernetes namespace");
        String user = f.text("user", false, "the Slurm user jobs run as");
        Secret token = f.has("token") ? secret(f.get("token")) : null;
        String caCert = f.text("caCert", false, "the path of a PEM file of the API server's certificate authority");
        return problems.build(node, before, () -> new BackendConfig(type, url, partition, namespace, user, token, caCert));
    }

    /** A credential by reference: { env: NAME } or { file: PATH }; a value written inline is refused. */
    private Secret secret(Node node) {
        if (node.type() != Node.Type.OBJECT) {
            problems.at(node, "must say where the credential is read from, { env: VARIABLE } or { file: PATH }, never the"
                    + " credential itself");
            return null;
        }
        int before = problems.count();
        Fields f = new Fields(node, problems, "env", "file");
        if (f.has("env") == f.has("file")) {
            problems.at(node, "must have exactly one of env (an environment variable) and file (a path)");
            return null;
        }
        boolean env = f.has("env");
        String name = f.text(env ? "env" : "file", true, env ? "an environment variable's name" : "a file's path");
        return problems.build(node, before, () -> new Secret(env ? Secret.Source.ENV : Secret.Source.FILE, name));
    }

    private NodePool pool(Node node, int index) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "name", "accelerator", "nodes", "maxNodes", "gpusPerNode", "blockNodes",
                "costPerGpuHour", "pricePerGpuHour", "provisioningMinutes", "spot");
        String name = f.name("name", true);
        String accelerator = f.name("accelerator", true);
        boolean elastic = f.has("maxNodes");
        if (elastic && f.has("nodes")) {
            problems.at(f.get("maxNodes"), "cannot be given with nodes: a pool has nodes now (nodes) or is provisioned"
                    + " on demand up to maxNodes, not both");
        }
        if (!elastic && !f.has("nodes") && f.get("nodes") == null) {
            problems.missing(node, "nodes", "is required: nodes (" + NodePool.NODES.describe() + ") for a pool with nodes now,"
                    + " or maxNodes for one provisioned on demand");
        }
        Integer nodes = f.integer(elastic ? "maxNodes" : "nodes", NodePool.NODES, elastic || f.get("nodes") != null);
        Integer gpusPerNode = f.integer("gpusPerNode", NodePool.GPUS_PER_NODE, true);
        Integer blockNodes = f.integer("blockNodes", NodePool.NODES, false);
        String priceField = f.has("costPerGpuHour") ? "costPerGpuHour" : "pricePerGpuHour";
        if (f.has("costPerGpuHour") && f.has("pricePerGpuHour")) {
            problems.at(f.get("pricePerGpuHour"), "cannot be given with costPerGpuHour: an owned pool has a running cost"
                    + " (costPerGpuHour), a bought one a price (pricePerGpuHour)");
        }
        Double price = f.number(priceField, NodePool.PRICE_PER_GPU_HOUR, true);
        Integer provisioning = f.integer("provisioningMinutes", NodePool.PROVISIONING_MINUTES, false);
        Spot spot = f.has("spot") ? spot(f.get("spot")) : null;
        return problems.build(node, before, () -> new NodePool(name, accelerator, nodes, elastic, gpusPerNode,
                blockNodes == null ? nodes : blockNodes, price,
                Duration.ofMinutes(provisioning == null ? 0 : provisioning), spot));
    }

    private Spot spot(Node node) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "interruptionsPerHour");
        Double rate = f.number("interruptionsPerHour", Spot.INTERRUPTIONS_PER_HOUR, true);
        return problems.build(node, before, () -> new Spot(rate));
    }

    private Contract contract(Node node, int index) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "name", "pool", "gpus", "start", "end", "pricePerGpuHour");
        String name = f.name("name", true);
        String poolText = f.text("pool", true, PoolRef.FORMAT);
        PoolRef pool = null;
        if (poolText != null) {
            try {
                pool = PoolRef.parse("pool", poolText);
            } catch (dev.quartermaster.fleet.InvalidFieldException e) {
                problems.at(f.get("pool"), e.problem());
            }
        }
        Integer gpus = f.integer("gpus", Contract.GPUS, true);
        var start = f.date("start", true);
        var end = f.date("end", true);
        Double price = f.number("pricePerGpuHour", Contract.PRICE_PER_GPU_HOUR, true);
        PoolRef ref = pool;
        return problems.build(node, before, () -> new Contract(name, ref, gpus, start, end, price));
    }

    /**
     * One team document ({@code cohort, weight, quota, normalizedQuota}, as a fleet lists it) for the team {@code name};
     * a name in the document must be that one.
     */
    public Team team(Node node, String name) {
        if (node.type() != Node.Type.OBJECT) {
            problems.at(node, "must be a team: an object with the fields cohort, weight, quota, normalizedQuota, not " + node.describe());
            return null;
        }
        Node given = node.fields().get("name");
        if (given != null && !name.equals(given.value())) {
            problems.at(given, "names team '" + given.value() + "', but the path names '" + name + "'");
            return null;
        }
        java.util.Map<String, Node> fields = new java.util.LinkedHashMap<>(node.fields());
        fields.putIfAbsent("name", Node.scalar(Node.Type.STRING, node.path() + ".name", node.line(), node.column(), name, name));
        return team(Node.object(node.path(), node.line(), node.column(), fields), 0);
    }

    private Team team(Node node, int index) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "name", "cohort", "weight", "quota", "normalizedQuota");
        String name = f.name("name", true);
        String cohort = f.name("cohort", false);
        Double weight = f.number("weight", Team.WEIGHT, false);
        Map<String, Quota> quota = new LinkedHashMap<>();
        if (f.has("quota")) {
            Node q = f.get("quota");
            if (q.type() != Node.Type.OBJECT) {
                problems.at(q, "must map accelerator types to GPUs, as in { H100: 512 } or { H100: { nominal: 512,"
                        + " borrowingLimit: 128, lendingLimit: 256 } }, not " + q.describe());
            } else {
                q.fields().forEach((type, value) -> {
                    Quota read = quota(value);
                    if (read != null) {
                        quota.put(type, read);
                    }
                });
            }
        }
        Double normalized = f.number("normalizedQuota", Team.NORMALIZED_QUOTA, false);
        return problems.build(node, before, () -> new Team(name, cohort, weight == null ? 1.0 : weight, quota, normalized));
    }

    private Quota quota(Node node) {
        if (node.type() == Node.Type.INTEGER || node.type() == Node.Type.DECIMAL) {
            Double gpus = Fields.number(node, Quota.GPUS, problems);
            return gpus == null ? null : Quota.of(gpus.intValue());
        }
        int before = problems.count();
        Fields f = new Fields(node, problems, "nominal", "borrowingLimit", "lendingLimit");
        Integer nominal = f.integer("nominal", Quota.GPUS, true);
        Integer borrowing = f.integer("borrowingLimit", Quota.GPUS, false);
        Integer lending = f.integer("lendingLimit", Quota.GPUS, false);
        return problems.build(node, before, () -> new Quota(nominal,
                Objects.requireNonNullElse(borrowing, Quota.UNLIMITED), Objects.requireNonNullElse(lending, Quota.UNLIMITED)));
    }

    private TierPreference preference(Node node, int index) {
        int before = problems.count();
        Fields f = new Fields(node, problems, "kind", "dataClass", "tiers");
        WorkloadKind kind = f.choice("kind", WorkloadKind.class, true);
        DataClass dataClass = f.choice("dataClass", DataClass.class, false);
        List<Node> items = f.list("tiers", true, "tiers, most preferred first");
        List<Tier> tiers = new ArrayList<>();
        if (items != null) {
            items.forEach(item -> tiers.add(Fields.choice(item, Tier.class, problems)));
        }
        return problems.build(node, before, () -> new TierPreference(kind, dataClass, tiers));
    }
}
