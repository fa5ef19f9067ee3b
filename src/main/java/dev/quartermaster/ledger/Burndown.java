package dev.quartermaster.ledger;

import dev.quartermaster.fleet.Contract;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A commitment's burn-down at a moment: GPU-hours committed over the whole term and to date, GPU-hours used to date,
 * and the dollars paid for committed capacity that stood idle.
 */
public record Burndown(
        String contract,
        String pool,
        int gpus,
        double pricePerGpuHour,
        Instant start,
        Instant end,
        double termGpuHours,
        double committedGpuHoursToDate,
        double usedGpuHoursToDate,
        double utilization,
        double committedDollarsToDate,
        double idleCommittedDollarsToDate) {

    /** The burn-down of {@code contract} at {@code now}, given the GPU-hours its pool used since the term began. */
    public static Burndown of(Contract contract, double usedGpuHours, Instant now) {
        Instant start = contract.start().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = contract.end().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant upTo = now.isBefore(start) ? start : now.isAfter(end) ? end : now;
        double elapsedHours = Duration.between(start, upTo).toMillis() / 3_600_000.0;
        double committed = contract.gpus() * elapsedHours;
        double used = Math.min(usedGpuHours, committed);
        double utilization = committed == 0 ? 0 : used / committed;
        return new Burndown(contract.name(), contract.pool().toString(), contract.gpus(), contract.pricePerGpuHour(), start, end,
                contract.termHours() * (double) contract.gpus(), committed, usedGpuHours, utilization,
                committed * contract.pricePerGpuHour(), (committed - used) * contract.pricePerGpuHour());
    }
}
