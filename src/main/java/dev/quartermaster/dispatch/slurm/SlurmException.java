package dev.quartermaster.dispatch.slurm;

/** slurmrestd could not be reached, or refused a request; {@code unreachable} tells the two apart. */
public final class SlurmException extends Exception {

    private final boolean unreachable;

    public SlurmException(String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    public boolean unreachable() {
        return unreachable;
    }
}
