package dev.quartermaster.dispatch.kubernetes;

import dev.quartermaster.dispatch.Backend;
import dev.quartermaster.dispatch.Backoff;
import dev.quartermaster.store.Dispatch;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one cluster's work on Kubernetes: a placement becomes a batch/v1 Job in the backend's namespace (see
 * {@link JobSpec}). Watches on our Jobs and their pods become reports (a pod running: started; a pending pod: waiting;
 * the Job complete or failed: finished or failed); a lost watch is opened again after a fresh list, and the list is
 * repeated every {@code resync} to catch what a watch missed. While the API server cannot be listed the cluster is
 * reported unhealthy, and healthy again when it answers.
 */
public final class KubernetesBackend implements Backend {

    /** Failed lists in a row before the cluster is reported unhealthy. */
    static final int UNHEALTHY_AFTER = 2;

    /** A node that carries the accelerator label, with the GPUs Kubernetes can give to pods there. */
    public record GpuNode(String name, String accelerator, String resource, int allocatable) {}

    private final String cluster;
    private final String namespace;
    private final String installation;
    private final KubernetesClient client;
    private final Function<String, String> vendorOf;
    private final Listener listener;
    private final InstantSource clock;
    private final Duration resync;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    /** Our live attempts ({@code ID#ATTEMPT}) and when their Job was accepted (System.nanoTime; 0 until created). */
    private final Map<String, Long> jobs = new ConcurrentHashMap<>();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final AtomicInteger watchesOpened = new AtomicInteger();
    private final Thread watcher;
    private volatile boolean open = true;
    private volatile List<Watch> watches;
    private int failedLists;
    private boolean healthy = true;

    /**
     * @param vendorOf the vendor of an accelerator type (from the fleet), which names the GPU resource
     * @param resync how often our Jobs and pods are listed again besides the watches
     */
    public KubernetesBackend(String cluster, String namespace, String installation, KubernetesClient client, Function<String, String> vendorOf,
            Listener listener, InstantSource clock, Duration resync) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.installation = installation;
        this.client = client;
        this.vendorOf = vendorOf;
        this.listener = listener;
        this.clock = clock;
        this.resync = resync;
        this.watcher = Thread.ofPlatform().daemon().name("qm-kubernetes-" + cluster).start(this::watch);
    }

    /** A client for an API server by URL, reading the bearer token (when there is one) each time it is needed. */
    public static KubernetesClient connect(String url, String namespace, Supplier<String> token) {
        return connect(url, namespace, token, null);
    }

    /**
     * The same, trusting the certificate authority in the PEM file {@code caCert} for the API server's certificate (null:
     * the JVM's trust store).
     */
    public static KubernetesClient connect(String url, String namespace, Supplier<String> token, String caCert) {
        ConfigBuilder config = new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(url).withNamespace(namespace)
                .withConnectionTimeout(5_000).withRequestTimeout(15_000).withRequestRetryBackoffLimit(0);
        if (token != null) {
            config.withOauthTokenProvider(token::get);
        }
        if (caCert != null) {
            config.withCaCertData(java.util.Base64.getEncoder().encodeToString(certificateAuthority(caCert)));
        }
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }

    /**
     * The certificate authority's PEM file, read now so that a wrong path is said plainly: an {@link
     * java.io.UncheckedIOException} "cannot read F: no such file".
     */
    public static byte[] certificateAuthority(String caCert) {
        java.nio.file.Path file = java.nio.file.Path.of(caCert);
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw dev.quartermaster.format.Unreadable.file(file, e);
        }
    }

    @Override
    public void dispatch(Order order) {
        String key = key(order.id(), order.attempt());
        jobs.put(key, 0L);
        requests.execute(() -> create(order, key));
    }

    private void create(Order order, String key) {
        String vendor = vendorOf.apply(order.first().accelerator());
        if (vendor == null) {
            jobs.remove(key);
            listener.failed(order.id(), order.attempt(), clock.instant(), "accelerator " + order.first().accelerator() + " has no vendor in the fleet");
            return;
        }
        Job job = JobSpec.build(order, namespace, vendor, order.launch().get(), installation);
        Backoff backoff = new Backoff(200);
        while (open && jobs.containsKey(key)) {
            try {
                client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
            } catch (RuntimeException e) {
                boolean exists = code(e) == 409;   // created by an earlier try whose answer was lost
                if (!unreachable(e) && !exists) {
                    jobs.remove(key);
                    listener.failed(order.id(), order.attempt(), clock.instant(), "Kubernetes refused the Job: " + message(e));
                    return;
                }
                if (!exists) {
                    backoff.pause();
                    continue;
                }
            }
            if (jobs.replace(key, 0L, System.nanoTime())) {
                listener.accepted(order.id(), order.attempt(), job.getMetadata().getName());
            } else {
                delete(job.getMetadata().getName());   // stopped while it was being created
            }
            return;
        }
    }

    @Override
    public void stop(Order order) {
        String key = key(order.id(), order.attempt());
        Long job = jobs.remove(key);
        started.remove(key);
        if (job != null && job != 0L) {
            delete(JobSpec.name(order.id(), order.attempt()));
        }
    }

    /** Deletes a Job and its pods, retrying while the API server cannot be reached. */
    private void delete(String name) {
        requests.execute(() -> {
            Backoff backoff = new Backoff(200);
            for (int tries = 0; tries < 20 && open; tries++) {
                try {
                    client.batch().v1().jobs().inNamespace(namespace).withName(name)
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                    return;
                } catch (RuntimeException e) {
                    if (!unreachable(e)) {
                        return;   // already gone, or not ours to delete
                    }
                    backoff.pause();
                }
            }
        });
    }

    @Override
    public Set<String> takeBack(List<Dispatch> open) {
        Set<String> keys = new HashSet<>();
        open.forEach(d -> keys.add(d.key()));
        Set<String> taken = new HashSet<>();
        try {
            for (Job job : client.batch().v1().jobs().inNamespace(namespace).withLabels(JobSpec.ours(installation)).list().getItems()) {
                Optional<String> key = JobStatus.key(job);
                if (key.isEmpty()) {
                    continue;
                }
                if (keys.contains(key.get()) && taken.add(key.get())) {
                    jobs.put(key.get(), System.nanoTime());
                    listener.accepted(id(key.get()), attempt(key.get()), job.getMetadata().getName());
                } else if (!jobs.containsKey(key.get())) {
                    delete(job.getMetadata().getName());   // ours, but no open dispatch knows it: an orphan
                }
            }
        } catch (RuntimeException e) {
            // The API server cannot say what runs: every attempt it accepted is taken back, and the watches will tell.
            System.err.println("qm: cluster " + cluster + ": cannot list the Kubernetes Jobs at start-up (" + message(e)
                    + "); the Jobs it accepted are taken back unchecked");
            for (Dispatch d : open) {
                if (d.externalId() != null && taken.add(d.key())) {
                    jobs.put(d.key(), System.nanoTime());
                }
            }
        }
        return taken;
    }

    /** The nodes labelled with an accelerator type, as the API reports them (GPUs in use are not counted here). */
    @Override
    public List<dev.quartermaster.dispatch.InventoryNode> inventory() {
        return gpuNodes().stream().map(n -> new dev.quartermaster.dispatch.InventoryNode(cluster, n.name(), n.accelerator(),
                n.allocatable(), -1, "allocatable " + n.resource())).toList();
    }

    /** The nodes labelled with an accelerator type and the GPUs each can give to pods. */
    public List<GpuNode> gpuNodes() {
        return client.nodes().withLabel(JobSpec.ACCELERATOR).list().getItems().stream().map(node -> {
            String accelerator = node.getMetadata().getLabels().get(JobSpec.ACCELERATOR);
            var allocatable = Optional.ofNullable(node.getStatus() == null ? null : node.getStatus().getAllocatable()).orElse(Map.of());
            String vendor = vendorOf.apply(accelerator);
            String resource = vendor != null ? JobSpec.gpuResource(vendor)
                    : allocatable.keySet().stream().filter(r -> r.endsWith(".com/gpu")).findFirst().orElse(JobSpec.gpuResource("nvidia"));
            var quantity = allocatable.get(resource);
            int gpus = quantity == null ? 0 : quantity.getNumericalAmount().intValue();
            return new GpuNode(node.getMetadata().getName(), accelerator, resource, gpus);
        }).toList();
    }

    /** The watch loop: lists our Jobs and pods, reports them, (re)opens the watches, waits for the next resync. */
    private void watch() {
        while (open) {
            long listedAt = System.nanoTime();
            Duration next = resync;
            try {
                var jobList = client.batch().v1().jobs().inNamespace(namespace).withLabels(JobSpec.ours(installation)).list();
                var podList = client.pods().inNamespace(namespace).withLabels(JobSpec.ours(installation)).list();
                answered();
                podList.getItems().forEach(this::report);
                jobList.getItems().forEach(this::report);
                vanished(jobList.getItems(), listedAt);
                if (watches == null && open) {
                    openWatches(jobList.getMetadata().getResourceVersion(), podList.getMetadata().getResourceVersion());
                }
            } catch (RuntimeException e) {   // no answer, an error, or no token to send
                unanswered(e);
                next = resync.compareTo(Duration.ofSeconds(1)) < 0 ? resync : Duration.ofSeconds(1);
            }
            try {
                wake.tryAcquire(next.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void openWatches(String jobsVersion, String podsVersion) {
        Watch jobWatch = client.batch().v1().jobs().inNamespace(namespace).withLabels(JobSpec.ours(installation))
                .watch(new ListOptionsBuilder().withResourceVersion(jobsVersion).build(), new Reporter<>(this::onJob));
        Watch podWatch;
        try {
            podWatch = client.pods().inNamespace(namespace).withLabels(JobSpec.ours(installation))
                    .watch(new ListOptionsBuilder().withResourceVersion(podsVersion).build(), new Reporter<>(this::onPod));
        } catch (RuntimeException e) {
            jobWatch.close();
            throw e;
        }
        watches = List.of(jobWatch, podWatch);
        watchesOpened.incrementAndGet();
    }

    /** Watches opened so far (tests: a lost watch is opened again). */
    int watchesOpened() {
        return watchesOpened.get();
    }

    private void watchLost(String reason) {
        List<Watch> lost = watches;
        watches = null;
        if (lost == null) {
            return;
        }
        lost.forEach(Watch::close);
        if (open) {
            System.err.println("qm: cluster " + cluster + ": a Kubernetes watch was lost (" + reason + "); listing again");
            wake.release();
        }
    }

    private void onJob(Watcher.Action action, Job job) {
        if (action == Watcher.Action.DELETED) {
            JobStatus.key(job).ifPresent(key -> gone(key, "Kubernetes Job " + job.getMetadata().getName() + " was deleted outside Quartermaster"));
        } else {
            report(job);
        }
    }

    private void onPod(Watcher.Action action, Pod pod) {
        if (action != Watcher.Action.DELETED) {
            report(pod);
        }
    }

    private synchronized void report(Job job) {
        String key = JobStatus.key(job).filter(this::live).orElse(null);
        if (key == null) {
            return;
        }
        if (JobStatus.started(job) && started.add(key)) {
            listener.started(id(key), attempt(key), clock.instant());
        }
        JobStatus.ended(job).ifPresent(ended -> {
            jobs.remove(key);
            started.remove(key);
            if (ended.completed()) {
                listener.finished(id(key), attempt(key), ended.at() != null ? ended.at() : clock.instant());
            } else {
                listener.failed(id(key), attempt(key), ended.at() != null ? ended.at() : clock.instant(), ended.reason());
            }
        });
    }

    private synchronized void report(Pod pod) {
        String key = JobStatus.key(pod).filter(this::live).orElse(null);
        if (key == null || started.contains(key)) {
            return;
        }
        if (JobStatus.started(pod)) {
            started.add(key);
            listener.started(id(key), attempt(key), Optional.ofNullable(JobStatus.startTime(pod)).orElseGet(clock::instant));
        } else {
            JobStatus.waiting(pod).ifPresent(reason -> listener.waiting(id(key), attempt(key), reason));
        }
    }

    /** A created Job of ours that a list made after it was accepted no longer shows is lost. */
    private void vanished(List<Job> listed, long listedAt) {
        Set<String> seen = new HashSet<>();
        listed.forEach(job -> JobStatus.key(job).ifPresent(seen::add));
        jobs.forEach((key, acceptedAt) -> {
            if (acceptedAt != 0L && acceptedAt - listedAt < 0 && !seen.contains(key)) {
                gone(key, "Kubernetes Job " + JobSpec.name(id(key), attempt(key)) + " vanished from the API server");
            }
        });
    }

    private synchronized void gone(String key, String reason) {
        if (live(key)) {
            jobs.remove(key);
            started.remove(key);
            listener.failed(id(key), attempt(key), clock.instant(), reason);
        }
    }

    private boolean live(String key) {
        Long acceptedAt = jobs.get(key);
        return acceptedAt != null && acceptedAt != 0L;
    }

    private void answered() {
        failedLists = 0;
        if (!healthy) {
            healthy = true;
            listener.clusterHealth(cluster, true, "the Kubernetes API server answers again");
        }
    }

    private void unanswered(RuntimeException e) {
        if (++failedLists >= UNHEALTHY_AFTER && healthy) {
            healthy = false;
            listener.clusterHealth(cluster, false, "the Kubernetes API server at " + client.getMasterUrl() + " does not answer: " + message(e));
        }
    }

    /** Whether a request may succeed when tried again: no answer (or no token to send), or the server's own trouble. */
    private static boolean unreachable(RuntimeException e) {
        int code = code(e);
        return code == 0 || code == 429 || code >= 500;
    }

    /** The HTTP status of a failed request, 0 when there was no answer. */
    private static int code(RuntimeException e) {
        return e instanceof KubernetesClientException k ? k.getCode() : 0;
    }

    private static String message(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String key(String id, int attempt) {
        return Dispatch.key(id, attempt);
    }

    private static String id(String key) {
        return Dispatch.workloadOf(key);
    }

    private static int attempt(String key) {
        return Dispatch.attemptOf(key);
    }

    @Override
    public void close() {
        open = false;
        watcher.interrupt();
        List<Watch> current = watches;
        if (current != null) {
            current.forEach(Watch::close);
        }
        requests.shutdownNow();
        client.close();
    }

    /** Passes a watch's events on; a watch that closes with an error is lost and opened again. */
    private final class Reporter<T extends HasMetadata> implements Watcher<T> {
        private final java.util.function.BiConsumer<Action, T> events;

        Reporter(java.util.function.BiConsumer<Action, T> events) {
            this.events = events;
        }

        @Override
        public void eventReceived(Action action, T resource) {
            events.accept(action, resource);
        }

        @Override
        public void onClose(WatcherException cause) {
            watchLost(cause.getMessage());
        }

        @Override
        public void onClose() {
            if (open) {
                watchLost("closed by the server");
            }
        }
    }
}
