package dev.quartermaster.workload;

/**
 * What a cluster manager runs for a workload: a shell command (the body of a Slurm batch script) and a container
 * image (a Kubernetes Job's). Not the engine's business: it is read from the document when the work is dispatched.
 * Either may be null; a backend without what it needs runs a placeholder that sleeps for the work's estimate.
 */
public record Launch(String command, String image) {

    public static final Launch NONE = new Launch(null, null);
    public static final int MAX_COMMAND_CHARS = 64 * 1024;
}
