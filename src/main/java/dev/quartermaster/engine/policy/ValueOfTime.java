package dev.quartermaster.engine.policy;

import dev.quartermaster.workload.Priority;

/**
 * What an hour of waiting costs per GPU, by priority: the price of provisioning delay and of work lost to spot
 * interruptions. Defaults: low $0.50, normal $2, high $8, critical $30 per GPU-hour.
 */
public record ValueOfTime(double low, double normal, double high, double critical) {

    public static final ValueOfTime DEFAULT = new ValueOfTime(0.5, 2, 8, 30);

    public double perGpuHour(int priority) {
        if (priority >= Priority.CRITICAL) {
            return critical;
        }
        if (priority >= Priority.HIGH) {
            return high;
        }
        if (priority >= Priority.NORMAL) {
            return normal;
        }
        return low;
    }
}
