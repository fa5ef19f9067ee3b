package dev.quartermaster.dispatch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quartermaster.engine.Placement;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.fleet.PriceBasis;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.dispatch.Backend.Order;
import dev.quartermaster.store.Dispatch;
import dev.quartermaster.workload.Launch;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesBackendTest {

    static final String NS = "ml";
    static final Map<String, String> VENDORS = Map.of("H100", "nvidia", "MI300X", "amd");

    MockApi api;
    NamespacedKubernetesClient admin;
    Recorder listener;
    KubernetesBackend backend;

    @BeforeEach
    void start() {
        api = new MockApi();
        admin = api.client();
        listener = new Recorder();
    }

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
        admin.close();
        api.close();
    }

    KubernetesBackend backend(Duration resync) {
        backend = new KubernetesBackend("k8s-a", NS, "inst-a", KubernetesBackend.connect(api.url(), NS, () -> "t0ken"), VENDORS::get, listener, Clock.systemUTC(), resync);
        return backend;
    }

    static Order order(String id, int attempt, String accelerator, int nodes, int gpusPerNode, double hours, Launch launch) {
        Placement p = new Placement(new PoolRef("k8s-a", accelerator.toLowerCase()), "own", Tier.IN_HOUSE, "eu", accelerator, 0,
                IntStream.range(0, nodes).boxed().toList(), gpusPerNode, Instant.now(), Duration.ZERO, PriceBasis.OWNED, 0, 1);
        return new Order(id, attempt, "research", List.of(p), hours, () -> launch);
    }

    static Order order(String id, int attempt) {
        return order(id, attempt, "H100", 1, 8, 1, Launch.NONE);
    }

    Job job(String name) {
        return admin.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    Job awaitJob(String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> job(name) != null);
        return job(name);
    }

    void condition(String name, String type, String reason, String message) {
        Job job = job(name);
        job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                .withConditions(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                        .withLastTransitionTime(Instant.now().toString()).build())
                .build());
        admin.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
    }

    void pod(Job job, String phase, String reason) {
        Pod pod = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-0").withNamespace(NS)
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .withAnnotations(job.getSpec().getTemplate().getMetadata().getAnnotations()).endMetadata()
                .build();
        if (admin.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get() == null) {
            admin.pods().inNamespace(NS).resource(pod).create();
        }
        pod = admin.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase).withStartTime(Instant.now().toString())
                .addNewCondition().withType("PodScheduled").withStatus(reason == null ? "True" : "False").withReason(reason)
                .withMessage(reason == null ? null : "0/4 nodes are available: 4 Insufficient nvidia.com/gpu.").endCondition()
                .build());
        admin.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    @Test
    void aMultiNodeGangBecomesAnIndexedJobWithOnePodPerNode() {
        backend(Duration.ofSeconds(30)).dispatch(order("w-1a", 1, "H100", 4, 8, 2, new Launch("torchrun train.py", "ghcr.io/acme/train:3")));

        Job job = awaitJob("qm-w-1a-1");
        var spec = job.getSpec();
        assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
        assertThat(spec.getCompletions()).isEqualTo(4);
        assertThat(spec.getParallelism()).isEqualTo(4);
        assertThat(spec.getBackoffLimit()).isZero();
        assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(2 * 3600 * 3 / 2);
        assertThat(job.getMetadata().getLabels()).containsEntry("quartermaster.dev/workload", "w-1a")
                .containsEntry("quartermaster.dev/attempt", "1").containsEntry("quartermaster.dev/team", "research")
                .containsEntry("app.kubernetes.io/managed-by", "quartermaster");
        var pod = spec.getTemplate().getSpec();
        assertThat(spec.getTemplate().getMetadata().getLabels()).containsEntry("quartermaster.dev/workload", "w-1a");
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getNodeSelector()).containsEntry("quartermaster.dev/accelerator", "H100");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/acme/train:3");
        assertThat(container.getCommand()).containsExactly("sh", "-c", "torchrun train.py");
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("8"));
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("accepted w-1a#1 qm-w-1a-1"));
    }

    @Test
    void aOneNodeJobOnAmdWithoutALaunchSleepsForItsEstimateUnderTheShortestDeadline() {
        backend(Duration.ofSeconds(30)).dispatch(order("w-2b", 3, "MI300X", 1, 4, 0.01, Launch.NONE));

        Job job = awaitJob("qm-w-2b-3");
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("NonIndexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(1);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300);
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("busybox");
        assertThat(container.getCommand()).containsExactly("sh", "-c", "sleep 36");
        assertThat(container.getResources().getLimits()).containsOnlyKeys("amd.com/gpu").containsEntry("amd.com/gpu", new Quantity("4"));
        assertThat(job.getSpec().getTemplate().getSpec().getTolerations().get(0).getKey()).isEqualTo("amd.com/gpu");
    }

    @Test
    void jobNamesAreDnsSafe() {
        assertThat(JobSpec.name("W_Big.Run", 12)).isEqualTo("qm-w-big-run-12");
        assertThat(JobSpec.name("x".repeat(80), 7)).hasSize(63).endsWith("x-7");
    }

    @Test
    void aPendingPodWaitsARunningPodStartsACompleteJobFinishes() {
        backend(Duration.ofSeconds(30)).dispatch(order("w-3c", 1));
        Job job = awaitJob("qm-w-3c-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("accepted w-3c#1"));

        pod(job, "Pending", "Unschedulable");
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("waiting w-3c#1 pending in Kubernetes (pod qm-w-3c-1-0: Unschedulable: 0/4 nodes"));
        pod(job, "Running", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("started w-3c#1"));
        condition("qm-w-3c-1", "Complete", null, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("finished w-3c#1"));
        assertThat(listener.events.stream().filter(e -> e.startsWith("started")).count()).isEqualTo(1);
    }

    @Test
    void aFailedJobFailsWithKubernetesReason() {
        backend(Duration.ofSeconds(30)).dispatch(order("w-4d", 2));
        awaitJob("qm-w-4d-2");
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("accepted w-4d#2"));

        condition("qm-w-4d-2", "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw(
                "failed w-4d#2 Kubernetes Job qm-w-4d-2 failed: DeadlineExceeded (Job was active longer than specified deadline)"));
        assertThat(listener.saw("started w-4d#2")).as("a Job that ended had begun").isTrue();
    }

    @Test
    void stopDeletesTheJobAndNothingIsReportedAfter() {
        backend(Duration.ofMillis(200)).dispatch(order("w-5e", 1));
        awaitJob("qm-w-5e-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("accepted w-5e#1"));

        backend.stop(order("w-5e", 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> job("qm-w-5e-1") == null);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> !listener.saw("failed w-5e#1"));
    }

    @Test
    void aJobDeletedBehindOurBackFails() {
        backend(Duration.ofSeconds(30)).dispatch(order("w-5f", 1));
        awaitJob("qm-w-5f-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("accepted w-5f#1"));

        admin.batch().v1().jobs().inNamespace(NS).withName("qm-w-5f-1").delete();

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("failed w-5f#1 Kubernetes Job qm-w-5f-1 was deleted outside Quartermaster"));
    }

    @Test
    void atStartUpAnOpenJobIsTakenBackAndAnOrphanIsDeleted() {
        admin.batch().v1().jobs().inNamespace(NS).resource(JobSpec.build(order("w-6f", 2), NS, "nvidia", Launch.NONE, "inst-a")).create();
        admin.batch().v1().jobs().inNamespace(NS).resource(JobSpec.build(order("w-6g", 1), NS, "nvidia", Launch.NONE, "inst-a")).create();
        // Another control plane's Job in the same namespace is not this one's to delete.
        admin.batch().v1().jobs().inNamespace(NS).resource(JobSpec.build(order("w-6i", 1), NS, "nvidia", Launch.NONE, "inst-b")).create();
        admin.batch().v1().jobs().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                .withNewMetadata().withName("someone-elses").endMetadata().withNewSpec().endSpec().build()).create();

        var taken = backend(Duration.ofMillis(200)).takeBack(List.of(dispatch("w-6f", 2, "qm-w-6f-2"), dispatch("w-6h", 1, "qm-w-6h-1")));

        assertThat(taken).containsExactly("w-6f#2");
        assertThat(listener.events).contains("accepted w-6f#2 qm-w-6f-2");
        await().atMost(Duration.ofSeconds(5)).until(() -> job("qm-w-6g-1") == null);
        assertThat(job("someone-elses")).as("not ours").isNotNull();
        assertThat(job("qm-w-6i-1")).as("another installation's").isNotNull();
        condition("qm-w-6f-2", "Complete", null, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("finished w-6f#2"));
    }

    static Dispatch dispatch(String id, int attempt, String externalId) {
        return new Dispatch(id, attempt, 0, "k8s-a", "h100", "own", "IN_HOUSE", "eu", "H100", 8, 0, List.of(0), 8, 1, "OWNED", 0, 0,
                externalId, Instant.now(), Instant.now(), null, null);
    }

    @Test
    void theInventoryListsAcceleratorNodesAndTheirAllocatableGpus() {
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("gpu-1").addToLabels("quartermaster.dev/accelerator", "H100").endMetadata()
                .withNewStatus().addToAllocatable("nvidia.com/gpu", new Quantity("8")).addToAllocatable("cpu", new Quantity("96")).endStatus().build()).create();
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("gpu-2").addToLabels("quartermaster.dev/accelerator", "MI300X").endMetadata()
                .withNewStatus().addToAllocatable("amd.com/gpu", new Quantity("8")).endStatus().build()).create();
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("cpu-1").endMetadata()
                .withNewStatus().addToAllocatable("cpu", new Quantity("64")).endStatus().build()).create();

        assertThat(backend(Duration.ofSeconds(30)).gpuNodes()).containsExactlyInAnyOrder(
                new KubernetesBackend.GpuNode("gpu-1", "H100", "nvidia.com/gpu", 8),
                new KubernetesBackend.GpuNode("gpu-2", "MI300X", "amd.com/gpu", 8));
    }

    @Test
    void whileTheApiServerFailsTheClusterIsUnhealthyAndHealthyWhenItAnswers() {
        backend(Duration.ofMillis(200));
        api.broken(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.saw("unhealthy k8s-a"));
        assertThat(listener.events.stream().filter(e -> e.startsWith("unhealthy")).findFirst().orElseThrow()).contains(api.url(), "etcd is down");

        api.broken(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.saw("healthy k8s-a"));
    }

    @Test
    void aTokenFileThatCannotBeReadMakesTheClusterUnhealthyAndSaysWhich() {
        var secret = new dev.quartermaster.fleet.Secret(dev.quartermaster.fleet.Secret.Source.FILE, "/nonexistent/k8s.token");
        backend = new KubernetesBackend("k8s-a", NS, "inst-a", KubernetesBackend.connect(api.url(), NS, () -> dev.quartermaster.dispatch.Secrets.read(secret)),
                VENDORS::get, listener, Clock.systemUTC(), Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.saw("unhealthy k8s-a"));
        assertThat(listener.events).anySatisfy(e -> assertThat(e).startsWith("unhealthy").contains("/nonexistent/k8s.token"));
    }

    @Test
    void aJobCreatedWhileTheApiServerFailsIsCreatedWhenItAnswers() {
        backend(Duration.ofSeconds(30));
        api.broken(true);
        backend.dispatch(order("w-7h", 1));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !listener.saw("accepted w-7h#1"));
        api.broken(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.saw("accepted w-7h#1"));
        assertThat(job("qm-w-7h-1")).isNotNull();
    }

    @Test
    void aLostWatchIsOpenedAgainAndItsEventsStillArrive() {
        // Lists only once an hour: what arrives comes through a watch.
        backend(Duration.ofHours(1)).dispatch(order("w-8i", 1));
        awaitJob("qm-w-8i-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.saw("accepted w-8i#1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.watchesOpened() == 1);

        api.restart();
        admin.close();
        admin = api.client();

        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            condition("qm-w-8i-1", "Complete", null, null);
            return true;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.saw("finished w-8i#1"));
        assertThat(backend.watchesOpened()).as("the lost watches were opened again after a fresh list").isEqualTo(2);
    }
}
