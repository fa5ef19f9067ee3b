package dev.quartermaster.plan;

import java.time.LocalDate;

/**
 * One commitment of a portfolio: an offer signed for a term, its GPUs and dates, what it costs over the horizon (paid
 * whether used or not), how much the LP uses it, and its break-even utilization: the share of its GPU-hours that must
 * be used for it to cost no more than buying them at {@code alternativePricePerGpuHour}, the cheapest on-demand price
 * of its accelerator type in the fleet (NaN when there is none).
 *
 * @param usedGpuHours per bucket, GPU-hours the LP puts on it
 */
public record Choice(String offer, String provider, String accelerator, int termMonths, double pricePerGpuHour, int gpus,
        LocalDate start, LocalDate end, double committedGpuHours, double cost, double[] usedGpuHours, double alternativePricePerGpuHour) {

    public double used() {
        double sum = 0;
        for (double v : usedGpuHours) {
            sum += v;
        }
        return sum;
    }

    public double utilization() {
        return committedGpuHours == 0 ? 0 : used() / committedGpuHours;
    }

    public double breakEvenUtilization() {
        return Double.isNaN(alternativePricePerGpuHour) ? Double.NaN : pricePerGpuHour / alternativePricePerGpuHour;
    }

    /** The total value of the contract over its whole term, beyond the horizon too. */
    public double contractValue() {
        return gpus * (double) (java.time.temporal.ChronoUnit.DAYS.between(start, end) + 1) * 24 * pricePerGpuHour;
    }
}
