package dev.quartermaster.dispatch.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what Kubernetes says about our Jobs and their pods: whose attempt, running, waiting, ended. */
final class JobStatus {

    /** How a Job ended: completed, or failed with a reason. */
    record Ended(boolean completed, Instant at, String reason) {}

    private JobStatus() {}

    /** The attempt ({@code ID#ATTEMPT}) a Job or pod of ours runs, if it is ours. */
    static Optional<String> key(HasMetadata resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        if (labels == null || !JobSpec.QUARTERMASTER.equals(labels.get(JobSpec.MANAGED_BY)) || labels.get(JobSpec.ATTEMPT) == null) {
            return Optional.empty();
        }
        String id = annotations != null && annotations.get(JobSpec.WORKLOAD) != null ? annotations.get(JobSpec.WORKLOAD) : labels.get(JobSpec.WORKLOAD);
        return id == null ? Optional.empty() : Optional.of(id + "#" + labels.get(JobSpec.ATTEMPT));
    }

    /** Whether a Job's pods have begun to run (one is running or ended). */
    static boolean started(Job job) {
        var s = job.getStatus();
        return s != null && (positive(s.getReady()) || positive(s.getSucceeded()) || positive(s.getFailed()) || ended(job).isPresent());
    }

    static Optional<Ended> ended(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (!"True".equals(c.getStatus())) {
                continue;
            }
            Instant at = time(c.getLastTransitionTime());
            if ("Complete".equals(c.getType())) {
                return Optional.of(new Ended(true, at != null ? at : time(job.getStatus().getCompletionTime()), null));
            }
            if ("Failed".equals(c.getType())) {
                return Optional.of(new Ended(false, at, "Kubernetes Job " + job.getMetadata().getName() + " failed"
                        + (c.getReason() != null ? ": " + c.getReason() : "") + (c.getMessage() != null ? " (" + c.getMessage() + ")" : "")));
            }
        }
        return Optional.empty();
    }

    static boolean started(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Running".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static Instant startTime(Pod pod) {
        return pod.getStatus() == null ? null : time(pod.getStatus().getStartTime());
    }

    /** Why a pending pod waits (unschedulable, pulling its image), or empty when it does not wait. */
    static Optional<String> waiting(Pod pod) {
        if (pod.getStatus() == null || !"Pending".equals(pod.getStatus().getPhase())) {
            return Optional.empty();
        }
        String why = "queued";
        for (PodCondition c : List.copyOf(Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()))) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                why = (c.getReason() != null ? c.getReason() : "unscheduled") + (c.getMessage() != null ? ": " + c.getMessage() : "");
            }
        }
        for (var container : Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of())) {
            if (container.getState() != null && container.getState().getWaiting() != null && container.getState().getWaiting().getReason() != null) {
                why = container.getState().getWaiting().getReason();
            }
        }
        return Optional.of("pending in Kubernetes (pod " + pod.getMetadata().getName() + ": " + why + ")");
    }

    private static boolean positive(Integer n) {
        return n != null && n > 0;
    }

    private static Instant time(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
