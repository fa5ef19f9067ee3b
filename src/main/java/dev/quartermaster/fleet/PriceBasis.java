package dev.quartermaster.fleet;

/** What a GPU-hour in a pool costs on the margin, and why. */
public enum PriceBasis {
    /** Owned hardware: its running cost (power, space, staff, depreciation). */
    OWNED,
    /** Inside a take-or-pay contract: paid whether used or not, so free on the margin while capacity is idle. */
    COMMITTED,
    /** Bought by the hour. */
    ON_DEMAND,
    /** Bought by the hour at a discount, and interruptible. */
    SPOT
}
