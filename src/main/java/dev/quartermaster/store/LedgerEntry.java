package dev.quartermaster.store;

import java.time.Instant;

/** What one run of a workload cost: {@code gpuHours} used at the billed price. */
public record LedgerEntry(
        String workloadId,
        String team,
        String provider,
        String tier,
        String pool,
        String accelerator,
        int gpus,
        Instant startedAt,
        Instant endedAt,
        double gpuHours,
        double dollars,
        String priceBasis) {}
