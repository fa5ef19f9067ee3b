package dev.quartermaster.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What fair share remembers: each team's past GPU-hours of each accelerator type, decayed by the half-life to
 * {@code asOf}, by team and type name.
 */
public record UsageHistory(Instant asOf, Map<String, Map<String, Double>> gpuHours) {

    public UsageHistory {
        Objects.requireNonNull(asOf, "asOf is null");
        gpuHours = Map.copyOf(gpuHours.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> Map.copyOf(e.getValue()))));
    }

    /** The team's decayed GPU-hours of the type; 0 when it has none. */
    public double of(String team, String accelerator) {
        return gpuHours.getOrDefault(team, Map.of()).getOrDefault(accelerator, 0.0);
    }
}
