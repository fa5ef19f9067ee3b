package dev.quartermaster.store;

import dev.quartermaster.lifecycle.Status;

/**
 * A page of workloads: filters that may each be null, newest first by default, {@code after} a submission sequence
 * number for the next page (keyset paging, stable while new work arrives).
 */
public record WorkloadQuery(String team, Status status, String kind, Long after, int limit) {

    public static final int MAX_LIMIT = 1000;

    public WorkloadQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
    }
}
