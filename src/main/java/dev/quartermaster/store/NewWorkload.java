package dev.quartermaster.store;

import dev.quartermaster.workload.Workload;
import java.time.Instant;

/** A validated submission on its way into the store. {@code idempotencyKey} may be null. */
public record NewWorkload(String id, Workload workload, String document, String idempotencyKey, String submittedBy, Instant at) {}
