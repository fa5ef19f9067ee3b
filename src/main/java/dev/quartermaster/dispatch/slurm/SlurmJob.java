package dev.quartermaster.dispatch.slurm;

import java.time.Instant;

/**
 * A job as slurmrestd reports it. {@code comment} carries the workload id and attempt of the jobs Quartermaster
 * submitted ({@code qm:INSTALLATION:ID:ATTEMPT}).
 */
public record SlurmJob(long id, String name, String state, String reason, String comment, Instant start, Instant end, int exitCode) {

    /** The start of the comments of one installation's jobs: {@code qm:INSTALLATION:}. */
    public static String prefix(String installation) {
        return "qm:" + installation + ":";
    }

    /** Whether the job carries the comment of the installation whose prefix this is. */
    public boolean isOf(String prefix) {
        return comment != null && comment.startsWith(prefix) && comment.indexOf(':', prefix.length()) > 0;
    }

    /** The key ({@code ID#ATTEMPT}) of one of our jobs. */
    public String key(String prefix) {
        String[] parts = comment.substring(prefix.length()).split(":");
        return dev.quartermaster.store.Dispatch.key(parts[0], Integer.parseInt(parts[1]));
    }

    /** How an ended job ended for its workload: done, its own failure, or lost through no fault of its own. */
    public enum Ending { SUCCEEDED, FAILED, LOST }

    /**
     * COMPLETED succeeded; NODE_FAIL, PREEMPTED, BOOT_FAIL and DEADLINE (the scheduler's, not the job's) lost the run,
     * which runs again; FAILED, TIMEOUT, OUT_OF_MEMORY and CANCELLED (by someone in Slurm) are the work's failure.
     */
    public Ending ending() {
        return switch (state) {
            case "COMPLETED" -> Ending.SUCCEEDED;
            case "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE" -> Ending.LOST;
            default -> Ending.FAILED;
        };
    }

    public boolean isFinal() {
        return switch (state) {
            case "PENDING", "RUNNING", "SUSPENDED", "CONFIGURING", "COMPLETING", "REQUEUED", "RESIZING", "SIGNALING", "STAGE_OUT" -> false;
            default -> true;
        };
    }
}
