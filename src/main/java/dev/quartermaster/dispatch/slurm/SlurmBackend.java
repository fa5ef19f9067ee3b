package dev.quartermaster.dispatch.slurm;

import dev.quartermaster.dispatch.TimeLimits;
import dev.quartermaster.engine.Placement;
import dev.quartermaster.dispatch.Backend;
import dev.quartermaster.dispatch.Backoff;
import dev.quartermaster.store.Dispatch;
import dev.quartermaster.workload.Launch;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one cluster's work on Slurm through slurmrestd. A placement becomes a batch job in the cluster's partition
 * with typed GPUs per node, a time limit from the work estimate, and a name and comment carrying the workload id
 * and attempt. A poller reads the jobs' states and reports them; while slurmrestd cannot be reached the cluster is
 * reported unhealthy (the engine stops placing there and requeues what ran there), and healthy again when it answers.
 */
public final class SlurmBackend implements Backend {

    /** Failed polls in a row before the cluster is reported unhealthy. */
    static final int UNHEALTHY_AFTER = 2;

    private final String cluster;
    private final String partition;
    /** The comment prefix of this installation's jobs. */
    private final String prefix;
    private final SlurmClient client;
    private final Listener listener;
    private final InstantSource clock;
    private final Duration pollInterval;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    /** Our live attempts ({@code ID#ATTEMPT}) and their Slurm job ids (0 until submitted). */
    private final Map<String, Long> jobs = new ConcurrentHashMap<>();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Thread poller;
    private volatile boolean open = true;
    /** Orphans are cancelled only once the attempts an earlier server left have been taken back. */
    private volatile boolean tookBack;
    private int failedPolls;
    private boolean healthy = true;

    public SlurmBackend(String cluster, String partition, String installation, SlurmClient client, Listener listener, InstantSource clock,
            Duration pollInterval) {
        this.cluster = cluster;
        this.prefix = SlurmJob.prefix(installation);
        this.partition = partition;
        this.client = client;
        this.listener = listener;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.poller = Thread.ofPlatform().daemon().name("qm-slurm-" + cluster).start(this::poll);
    }

    @Override
    public void dispatch(Order order) {
        String key = key(order.id(), order.attempt());
        jobs.put(key, 0L);
        requests.execute(() -> submit(order, key));
    }

    private void submit(Order order, String key) {
        Placement p = order.first();
        Launch launch = order.launch().get();
        String script = "#!/bin/bash\n" + (launch.command() != null ? launch.command()
                : "# no run.command in the workload: hold the GPUs for the work's estimate\nsleep " + TimeLimits.estimateSeconds(order.hours())) + "\n";
        SlurmClient.Submission submission = new SlurmClient.Submission("qm-" + order.id(), prefix + order.id() + ":" + order.attempt(),
                partition, p.nodes().size(), p.accelerator().toLowerCase(Locale.ROOT) + ":" + p.gpusPerNode(),
                TimeLimits.limitMinutes(order.hours()), script);
        Backoff backoff = new Backoff(200);
        while (open && jobs.containsKey(key)) {
            try {
                long id = client.submit(submission);
                if (jobs.replace(key, 0L, id)) {
                    listener.accepted(order.id(), order.attempt(), Long.toString(id));
                } else {
                    client.cancel(id);   // stopped while it was being submitted
                }
                return;
            } catch (SlurmException e) {
                if (!e.unreachable()) {
                    jobs.remove(key);
                    listener.failed(order.id(), order.attempt(), clock.instant(), "Slurm refused the job: " + e.getMessage());
                    return;
                }
                backoff.pause();
            }
        }
    }

    @Override
    public void stop(Order order) {
        String id = order.id();
        int attempt = order.attempt();
        Long job = jobs.remove(key(id, attempt));
        started.remove(key(id, attempt));
        if (job != null && job != 0L) {
            requests.execute(() -> {
                Backoff backoff = new Backoff(200);
                for (int tries = 0; tries < 20 && open; tries++) {
                    try {
                        client.cancel(job);
                        return;
                    } catch (SlurmException e) {
                        if (!e.unreachable()) {
                            return;   // already gone
                        }
                        backoff.pause();
                    }
                }
            });
        }
    }

    @Override
    public Set<String> takeBack(List<Dispatch> open) {
        Set<String> keys = new HashSet<>();
        open.forEach(d -> keys.add(d.key()));
        Set<String> taken = new HashSet<>();
        try {
            for (SlurmJob job : client.jobs()) {
                if (!job.isOf(prefix)) {
                    continue;
                }
                String key = job.key(prefix);
                if (keys.contains(key) && taken.add(key)) {
                    jobs.put(key, job.id());
                    listener.accepted(Dispatch.workloadOf(key), Dispatch.attemptOf(key), Long.toString(job.id()));
                } else if (!job.isFinal() && !jobs.containsKey(key)) {
                    cancelOrphan(job);   // ours, but no open dispatch knows it
                }
            }
        } catch (SlurmException e) {
            // Slurm cannot say what runs: every attempt it accepted is taken back, and the poller will tell.
            System.err.println("qm: cluster " + cluster + ": cannot list Slurm's jobs at start-up (" + e.getMessage()
                    + "); the jobs it accepted are taken back unchecked");
            for (Dispatch d : open) {
                if (d.externalId() != null && taken.add(d.key())) {
                    jobs.put(d.key(), Long.parseLong(d.externalId()));
                }
            }
        }
        tookBack = true;
        return taken;
    }

    /** Slurm's nodes in this cluster's partition: typed GPUs from GRES ({@code gpu:h100:4}), used from GRES in use. */
    @Override
    public List<dev.quartermaster.dispatch.InventoryNode> inventory() {
        try {
            return client.nodes().stream().map(n -> new dev.quartermaster.dispatch.InventoryNode(cluster, n.name(),
                    Gres.type(n.gres()), Gres.count(n.gres()), Gres.count(n.gresUsed()), n.state())).toList();
        } catch (SlurmException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void poll() {
        while (open) {
            Backoff.sleep(pollInterval.toMillis());
            List<SlurmJob> all;
            try {
                all = client.jobs();
            } catch (SlurmException e) {
                if (++failedPolls >= UNHEALTHY_AFTER && healthy) {
                    healthy = false;
                    listener.clusterHealth(cluster, false, e.getMessage());
                }
                continue;
            }
            failedPolls = 0;
            if (!healthy) {
                healthy = true;
                listener.clusterHealth(cluster, true, "slurmrestd answers again");
            }
            Set<String> seen = new HashSet<>();
            for (SlurmJob job : all) {
                if (!job.isOf(prefix)) {
                    continue;
                }
                if (java.util.Objects.equals(jobs.get(job.key(prefix)), job.id())) {
                    seen.add(job.key(prefix));
                    report(job);
                } else if (tookBack && !job.isFinal() && !jobs.containsKey(job.key(prefix))) {
                    cancelOrphan(job);   // ours, but no live attempt of ours knows it
                }
            }
            // A submitted job Slurm no longer lists (purged, or lost with its controller's state) is lost: it runs again.
            jobs.forEach((key, job) -> {
                if (job != 0L && !seen.contains(key)) {
                    jobs.remove(key);
                    started.remove(key);
                    listener.lost(Dispatch.workloadOf(key), Dispatch.attemptOf(key),
                            clock.instant(), "Slurm job " + job + " vanished from slurmctld");
                }
            });
        }
    }

    private void cancelOrphan(SlurmJob job) {
        try {
            client.cancel(job.id());
        } catch (SlurmException e) {
            // the next poll tries again
        }
    }

    private void report(SlurmJob job) {
        String key = job.key(prefix);
        String id = Dispatch.workloadOf(key);
        int attempt = Dispatch.attemptOf(key);
        if (job.state().equals("PENDING")) {
            listener.waiting(id, attempt, "pending in Slurm (job " + job.id() + ": " + (job.reason() == null || job.reason().equals("None") ? "queued" : job.reason()) + ")");
        }
        if (!job.state().equals("PENDING") && started.add(key)) {
            listener.started(id, attempt, job.start() != null ? job.start() : clock.instant());
        }
        if (!job.isFinal()) {
            return;
        }
        jobs.remove(key);
        started.remove(key);
        java.time.Instant at = job.end() != null ? job.end() : clock.instant();
        String how = "Slurm job " + job.id() + " ended " + job.state() + (job.reason() == null || job.reason().equals("None") ? "" : " (" + job.reason() + ")")
                + (job.exitCode() != 0 ? ", exit code " + job.exitCode() : "");
        switch (job.ending()) {
            case SUCCEEDED -> listener.finished(id, attempt, at);
            case LOST -> listener.lost(id, attempt, at, how);
            case FAILED -> listener.failed(id, attempt, at, how);
        }
    }

    private static String key(String id, int attempt) {
        return Dispatch.key(id, attempt);
    }

    @Override
    public void close() {
        open = false;
        poller.interrupt();
        requests.shutdownNow();
    }
}
