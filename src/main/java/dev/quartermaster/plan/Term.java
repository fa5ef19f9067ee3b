package dev.quartermaster.plan;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.Contract;

/** One term an offer can be signed for: its length and the price per committed GPU-hour for that length. */
public record Term(int months, double pricePerGpuHour) {

    public static final Bounds MONTHS = Bounds.integers(1, Contract.MAX_TERM_YEARS * 12);

    public Term {
        MONTHS.check("months", months);
        Contract.PRICE_PER_GPU_HOUR.check("pricePerGpuHour", pricePerGpuHour);
    }
}
