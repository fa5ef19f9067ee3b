package dev.quartermaster.dispatch;

/**
 * The waits between tries of a call that a server (a backend's API, the store) did not answer: the first wait, then
 * twice as long each time, at most 5 s. An interrupt ends a wait early and stays set for the caller to see.
 */
public final class Backoff {

    private static final long MAX_MILLIS = 5_000;

    private long next;

    public Backoff(long firstMillis) {
        this.next = firstMillis;
    }

    /** How long the next {@link #pause()} waits. */
    public long nextMillis() {
        return next;
    }

    /** Waits before the next try. */
    public void pause() {
        sleep(next);
        next = Math.min(next * 2, MAX_MILLIS);
    }

    /** Sleeps, keeping an interrupt for the caller to see. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
