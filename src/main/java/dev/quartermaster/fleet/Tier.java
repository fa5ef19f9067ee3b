package dev.quartermaster.fleet;

/** Where capacity comes from. The tiers are not interchangeable; see DESIGN.md. */
public enum Tier {
    /** Owned data centers: full control, lowest long-run cost, the only place for restricted data. */
    IN_HOUSE,
    /** Specialized AI clouds: dense GPU clusters now, under take-or-pay contracts. */
    SPECIALIZED,
    /** Generic hyperscalers: regions, elasticity, on-demand and spot prices. */
    HYPERSCALER
}
