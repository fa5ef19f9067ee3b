package dev.quartermaster.dispatch;

/**
 * How long a cluster manager lets an attempt run, from the hours of work it has left (infinite for a service): the
 * estimate and half again, at least 5 minutes, at most a year. The placeholder for work without a command sleeps
 * for the estimate.
 */
public final class TimeLimits {

    private static final long YEAR = 365L * 24 * 3600;

    private TimeLimits() {}

    /** The estimate in whole seconds (at least 1; a year for a service). */
    public static long estimateSeconds(double hours) {
        return Double.isInfinite(hours) ? YEAR : Math.min(YEAR, Math.max(1, (long) Math.ceil(hours * 3600)));
    }

    /** The limit in seconds: the estimate and half again, at least 300. */
    public static long limitSeconds(double hours) {
        return Double.isInfinite(hours) ? YEAR : Math.min(YEAR, Math.max(300, (long) Math.ceil(hours * 3600 * 1.5)));
    }

    /** The limit in whole minutes (Slurm's unit). */
    public static int limitMinutes(double hours) {
        return (int) Math.ceilDiv(limitSeconds(hours), 60);
    }
}
