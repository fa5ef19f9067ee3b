package dev.quartermaster.sim;

import java.time.Instant;
import java.time.InstantSource;

/** The simulation's time: it moves only when the event loop moves it, and never backwards. */
public final class VirtualClock implements InstantSource {

    private Instant now;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    void advanceTo(Instant to) {
        if (to.isBefore(now)) {
            throw new IllegalStateException("time cannot go back from " + now + " to " + to);
        }
        now = to;
    }
}
