package dev.quartermaster.sim;

import static java.util.Objects.requireNonNull;

import dev.quartermaster.workload.Workload;
import java.time.Instant;

/** A workload that arrives at a moment of simulated time, with the id the simulation gives it. */
public record Arrival(Instant at, String id, Workload workload) {

    public Arrival {
        requireNonNull(at, "at is null");
        requireNonNull(id, "id is null");
        requireNonNull(workload, "workload is null");
    }
}
