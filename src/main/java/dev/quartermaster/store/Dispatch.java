package dev.quartermaster.store;

import java.time.Instant;

/**
 * One attempt to run a workload on a backend, recorded before it is sent. {@code endedAt} and {@code outcome} are
 * null while it may still run.
 */
public record Dispatch(
        String workloadId,
        int attempt,
        int replica,
        String cluster,
        String pool,
        String provider,
        String tier,
        String accelerator,
        int gpus,
        String priceBasis,
        double pricePerGpuHour,
        String externalId,
        Instant dispatchedAt,
        Instant startedAt,
        Instant endedAt,
        String outcome) {}
