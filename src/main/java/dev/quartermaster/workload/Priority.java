package dev.quartermaster.workload;

import dev.quartermaster.fleet.Bounds;
import java.util.Map;

/** Priorities are integers; higher runs first and may preempt lower. The names are shorthands. */
public final class Priority {

    public static final Bounds RANGE = Bounds.integers(0, 1_000_000);
    public static final int LOW = 100;
    public static final int NORMAL = 500;
    public static final int HIGH = 1_000;
    public static final int CRITICAL = 10_000;
    public static final Map<String, Integer> NAMES = Map.of("low", LOW, "normal", NORMAL, "high", HIGH, "critical", CRITICAL);

    private Priority() {}
}
