package dev.quartermaster.sim;

import java.time.Instant;
import java.time.InstantSource;

/** The simulation's time: it moves only when the event loop moves it, and never backwards. */
public final class VirtualClock implements InstantSource {

    private Instant now;
    private long nowMillis;

    public VirtualClock(Instant start) {
        this.now = start;
        this.nowMillis = start.toEpochMilli();
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public long millis() {
        return nowMillis;
    }

    /** Moves to {@code toMillis} (milliseconds since the epoch); makes a new {@link Instant} only when time moved. */
    void advanceTo(long toMillis) {
        if (toMillis < nowMillis) {
            throw new IllegalStateException("time cannot go back from " + now + " to " + Instant.ofEpochMilli(toMillis));
        }
        if (toMillis != nowMillis) {
            nowMillis = toMillis;
            now = Instant.ofEpochMilli(toMillis);
        }
    }
}
