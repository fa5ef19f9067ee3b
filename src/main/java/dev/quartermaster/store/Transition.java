package dev.quartermaster.store;

import dev.quartermaster.lifecycle.Status;
import java.time.Instant;

/** One step of a workload's life; {@code from} is null for its first. */
public record Transition(long id, String workloadId, Status from, Status to, Instant at, String reason) {}
