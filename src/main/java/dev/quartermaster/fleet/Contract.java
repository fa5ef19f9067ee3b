package dev.quartermaster.fleet;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Committed capacity: {@code gpus} GPUs of one pool from {@code start} to {@code end} (both days included) at
 * {@code pricePerGpuHour}, take-or-pay: paid whether used or not.
 */
public record Contract(String name, PoolRef pool, int gpus, LocalDate start, LocalDate end, double pricePerGpuHour) {

    public static final Bounds GPUS = Bounds.integers(1, 10_000_000);
    public static final Bounds PRICE_PER_GPU_HOUR = Bounds.decimals(0.01, 1_000);
    public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(2100, 12, 31);
    /** The longest term we accept: fifteen years. */
    public static final int MAX_TERM_YEARS = 15;

    public Contract {
        Names.check("name", name);
        requireNonNull(pool, "pool is null");
        GPUS.check("gpus", gpus);
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (start.isBefore(EARLIEST) || start.isAfter(LATEST)) {
            throw new InvalidFieldException("start", "must be a date from " + EARLIEST + " to " + LATEST + ", not " + start);
        }
        if (!end.isAfter(start)) {
            throw new InvalidFieldException("end", "must be after start " + start + ", not " + end);
        }
        if (end.isAfter(start.plusYears(MAX_TERM_YEARS))) {
            throw new InvalidFieldException("end", "must be within " + MAX_TERM_YEARS + " years of start " + start + ", not " + end);
        }
        PRICE_PER_GPU_HOUR.check("pricePerGpuHour", pricePerGpuHour);
    }

    /** Hours in the term, both end days included. */
    public long termHours() {
        return (ChronoUnit.DAYS.between(start, end) + 1) * 24;
    }

    /** What the contract costs over its whole term, used or not. */
    public double totalValue() {
        return gpus * (double) termHours() * pricePerGpuHour;
    }

    public boolean isActiveOn(LocalDate day) {
        return !day.isBefore(start) && !day.isAfter(end);
    }
}
