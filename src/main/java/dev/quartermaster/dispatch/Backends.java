package dev.quartermaster.dispatch;

import dev.quartermaster.dispatch.kubernetes.KubernetesBackend;
import dev.quartermaster.dispatch.slurm.SlurmBackend;
import dev.quartermaster.dispatch.slurm.SlurmClient;
import dev.quartermaster.fleet.BackendConfig;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.dispatch.Backend;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each attempt to the backend of its cluster: the cluster manager the fleet names for it, or the simulated
 * backend for clusters that name none.
 */
public final class Backends implements Backend {

    /** Kubernetes reports through watches: its Jobs are listed again only every so many poll intervals. */
    private static final int KUBERNETES_RESYNC = 5;

    private final Backend simulated;
    private final Listener listener;
    private final InstantSource clock;
    private final Duration pollInterval;
    private final Map<String, Backend> byCluster = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, BackendConfig> configs = new HashMap<>();
    /** Whether start-up's take-back is done: a cluster connected later has nothing of this server's to take back. */
    private boolean tookBack;
    /** The vendor of each accelerator type of the fleet in force (it names a Kubernetes GPU resource). */
    private final Map<String, String> vendors = new java.util.concurrent.ConcurrentHashMap<>();

    private final String installation;

    /** {@code installation} marks this control plane's work in shared cluster managers. */
    public Backends(Fleet fleet, String installation, Backend simulated, Listener listener, InstantSource clock, Duration pollInterval) {
        this.installation = installation;
        this.simulated = simulated;
        this.listener = listener;
        this.clock = clock;
        this.pollInterval = pollInterval;
        configure(fleet);
    }

    /**
     * What in the fleet would stop its backends from connecting from this machine: a certificate authority file that
     * cannot be read. Asked before a fleet is stored, so that one that could not be put in force is refused whole.
     */
    public static List<dev.quartermaster.format.Problem> problems(Fleet fleet, String file) {
        List<dev.quartermaster.format.Problem> problems = new java.util.ArrayList<>();
        for (int p = 0; p < fleet.providers().size(); p++) {
            List<Cluster> clusters = fleet.providers().get(p).clusters();
            for (int c = 0; c < clusters.size(); c++) {
                String caCert = clusters.get(c).backendConfig().map(BackendConfig::caCert).orElse(null);
                if (caCert != null) {
                    try {
                        KubernetesBackend.certificateAuthority(caCert);
                    } catch (java.io.UncheckedIOException e) {
                        problems.add(new dev.quartermaster.format.Problem(file, 1, 1,
                                "providers[" + p + "].clusters[" + c + "].backend.caCert", e.getMessage()));
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Connects the backends a fleet names: a cluster whose backend is unchanged keeps its connection, a changed or
     * new one is connected, and those of clusters no longer named are closed.
     */
    public synchronized void configure(Fleet fleet) {
        Map<String, BackendConfig> wanted = new HashMap<>();
        fleet.accelerators().forEach(a -> vendors.put(a.name(), a.vendor()));
        vendors.keySet().retainAll(fleet.accelerators().stream().map(dev.quartermaster.fleet.Accelerator::name).toList());
        for (Provider provider : fleet.providers()) {
            for (Cluster cluster : provider.clusters()) {
                cluster.backendConfig().ifPresent(config -> wanted.put(cluster.name(), config));
            }
        }
        for (String cluster : List.copyOf(configs.keySet())) {
            if (!configs.get(cluster).equals(wanted.get(cluster))) {
                configs.remove(cluster);
                byCluster.remove(cluster).close();
            }
        }
        wanted.forEach((cluster, config) -> {
            if (!configs.containsKey(cluster)) {
                byCluster.put(cluster, connect(cluster, config));
                configs.put(cluster, config);
            }
        });
    }

    private Backend connect(String cluster, BackendConfig config) {
        return switch (config.type()) {
            case SLURM -> new SlurmBackend(cluster, config.partition(), installation,
                    new SlurmClient(java.net.URI.create(config.url()), config.user(), () -> Secrets.read(config.token()), Duration.ofSeconds(10)),
                    listener, clock, pollInterval);
            case KUBERNETES -> new KubernetesBackend(cluster, namespace(config), installation,
                    KubernetesBackend.connect(config.url(), namespace(config), config.token() == null ? null : () -> Secrets.read(config.token()),
                            config.caCert()),
                    vendors::get, listener, clock, pollInterval.multipliedBy(KUBERNETES_RESYNC));
        };
    }

    private static String namespace(BackendConfig config) {
        return config.namespace() != null ? config.namespace() : "default";
    }

    /** Clusters that run on a real cluster manager, by type. */
    public Map<String, String> connected() {
        Map<String, String> types = new HashMap<>();
        byCluster.forEach((cluster, backend) -> types.put(cluster, backend.getClass().getSimpleName()));
        return types;
    }

    @Override
    public void dispatch(Order order) {
        byCluster.getOrDefault(order.cluster(), simulated).dispatch(order);
    }

    @Override
    public void stop(Order order) {
        byCluster.getOrDefault(order.cluster(), simulated).stop(order);
    }

    /** What one cluster's manager reports: its nodes, or why it could not be asked. */
    public record Inventory(String cluster, String type, List<dev.quartermaster.dispatch.InventoryNode> nodes, String error) {}

    /** Every connected cluster's inventory, asked now. */
    public List<Inventory> inventories() {
        List<Inventory> all = new java.util.ArrayList<>();
        new java.util.TreeMap<>(byCluster).forEach((cluster, backend) -> {
            String type = configs.get(cluster).type().label();
            try {
                all.add(new Inventory(cluster, type, backend.inventory(), null));
            } catch (RuntimeException e) {
                all.add(new Inventory(cluster, type, List.of(), e.getMessage()));
            }
        });
        return all;
    }

    @Override
    public double timeScale(String cluster) {
        return byCluster.getOrDefault(cluster, simulated).timeScale(cluster);
    }

    @Override
    public synchronized java.util.Set<String> takeBack(List<dev.quartermaster.store.Dispatch> open) {
        tookBack = true;
        java.util.Set<String> taken = new java.util.HashSet<>();
        byCluster.forEach((cluster, backend) -> taken.addAll(backend.takeBack(open.stream().filter(d -> d.cluster().equals(cluster)).toList())));
        return taken;
    }

    @Override
    public void close() {
        byCluster.values().forEach(Backend::close);
        simulated.close();
    }
}
