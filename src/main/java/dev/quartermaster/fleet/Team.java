package dev.quartermaster.fleet;

import java.util.Map;

/**
 * A team that submits work: quotas per accelerator type, a fair-share weight, an optional cohort whose members lend
 * each other unused quota, and an optional normalized quota counted in reference-speed GPUs
 * ({@link Accelerator#speed()}), null when not set.
 */
public record Team(String name, String cohort, double weight, Map<String, Quota> quota, Double normalizedQuota) {

    public static final Bounds WEIGHT = Bounds.decimals(0.001, 1_000);
    public static final Bounds NORMALIZED_QUOTA = Bounds.decimals(0, 100_000_000);

    public Team {
        Names.check("name", name);
        if (cohort != null) {
            Names.check("cohort", cohort);
        }
        WEIGHT.check("weight", weight);
        quota = Names.copy("quota", quota);
        quota.keySet().forEach(a -> Names.check("quota", a));
        if (normalizedQuota != null) {
            NORMALIZED_QUOTA.check("normalizedQuota", normalizedQuota.doubleValue());
        }
    }

    /** The quota for an accelerator type; a type the team names no quota for may not be used at all. */
    public Quota quotaFor(String accelerator) {
        return quota.getOrDefault(accelerator, Quota.NONE);
    }
}
