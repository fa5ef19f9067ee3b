package dev.quartermaster.jmh;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** The engine's clock in the benchmarks: it stands still unless a benchmark moves it. */
final class ManualClock implements InstantSource {

    static final Instant START = Instant.parse("2027-01-04T00:00:00Z");

    private Instant now = START;

    @Override
    public Instant instant() {
        return now;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }
}
