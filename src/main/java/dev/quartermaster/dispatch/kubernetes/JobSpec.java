package dev.quartermaster.dispatch.kubernetes;

import dev.quartermaster.dispatch.TimeLimits;
import dev.quartermaster.engine.Placement;
import dev.quartermaster.dispatch.Backend.Order;
import dev.quartermaster.workload.Launch;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubernetes Job of one attempt: named {@code qm-ID-ATTEMPT}, one pod per node of its placement (an Indexed Job
 * for a multi-node gang, all pods or none: no retries, since gang admission is the engine's job), each with the
 * placement's GPUs per node as limits of the vendor's device resource, kept to nodes labelled with the accelerator
 * type and tolerating the GPU taint, and a deadline of the work's estimate and half again (at least 5 minutes).
 */
final class JobSpec {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String QUARTERMASTER = "quartermaster";
    static final String WORKLOAD = "quartermaster.dev/workload";
    static final String ATTEMPT = "quartermaster.dev/attempt";
    static final String TEAM = "quartermaster.dev/team";
    /** The control plane that made the Job: installations sharing a namespace never touch each other's Jobs. */
    static final String INSTALLATION = "quartermaster.dev/installation";
    /** The node label that names a node's accelerator type. */
    static final String ACCELERATOR = "quartermaster.dev/accelerator";
    static final String DEFAULT_IMAGE = "busybox";

    private JobSpec() {}

    /** The Job's name: DNS-safe, lowercase, at most 63 characters. */
    static String name(String id, int attempt) {
        String safe = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String suffix = "-" + attempt;
        return ("qm-" + safe).substring(0, Math.min(3 + safe.length(), 63 - suffix.length())) + suffix;
    }

    /** A label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit. */
    static String labelValue(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9._-]", "-");
        safe = safe.substring(0, Math.min(63, safe.length()));
        return safe.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }

    /** The device resource of a GPU vendor's device plugin: {@code nvidia.com/gpu}, {@code amd.com/gpu}. */
    static String gpuResource(String vendor) {
        return vendor.toLowerCase(Locale.ROOT) + ".com/gpu";
    }

    /** The labels that select one installation's Jobs and pods. */
    static Map<String, String> ours(String installation) {
        return Map.of(MANAGED_BY, QUARTERMASTER, INSTALLATION, labelValue(installation));
    }

    static Job build(Order order, String namespace, String vendor, Launch launch, String installation) {
        Placement p = order.first();
        int pods = p.nodes().size();
        String gpu = gpuResource(vendor);
        Map<String, String> labels = Map.of(MANAGED_BY, QUARTERMASTER, INSTALLATION, labelValue(installation), WORKLOAD, labelValue(order.id()),
                ATTEMPT, Integer.toString(order.attempt()), TEAM, labelValue(order.team()));
        Map<String, String> annotations = Map.of(WORKLOAD, order.id());
        String command = launch.command() != null ? launch.command() : "sleep " + TimeLimits.estimateSeconds(order.hours());
        var container = new ContainerBuilder()
                .withName("work")
                .withImage(launch.image() != null ? launch.image() : DEFAULT_IMAGE)
                .withCommand("sh", "-c", command)
                .withNewResources().withLimits(Map.of(gpu, new Quantity(Integer.toString(p.gpusPerNode())))).endResources()
                .build();
        return new JobBuilder()
                .withNewMetadata().withName(name(order.id(), order.attempt())).withNamespace(namespace)
                .withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withCompletions(pods).withParallelism(pods).withCompletionMode(pods > 1 ? "Indexed" : "NonIndexed")
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(TimeLimits.limitSeconds(order.hours()))
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNodeSelector(Map.of(ACCELERATOR, p.accelerator()))
                .withTolerations(new TolerationBuilder().withKey(gpu).withOperator("Exists").withEffect("NoSchedule").build())
                .withContainers(List.of(container))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
