package dev.quartermaster.store;

import dev.quartermaster.lifecycle.Status;
import java.time.Instant;

/** A workload as the store holds it: its document, who sent it, and where it is in its life. */
public record WorkloadRow(
        String id,
        long seq,
        String team,
        String name,
        String kind,
        int priority,
        int gpus,
        Status status,
        String reason,
        String submittedBy,
        Instant submittedAt,
        Instant updatedAt,
        int version,
        String idempotencyKey,
        String document) {}
