package dev.quartermaster.sim;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What goes wrong in a simulation, all drawn from the simulation's seed: spot interruptions at each spot pool's rate,
 * node failures (mean time between failures per node, then a repair time), and provider outages, scheduled or random.
 *
 * @param nodeMtbfHours mean hours between failures of one node; 0 for none
 * @param randomOutagesPerDay expected outages per day over the whole fleet, each of one random cluster; 0 for none
 */
public record Faults(boolean spotInterruptions, double nodeMtbfHours, Duration repairTime, List<Outage> outages,
        double randomOutagesPerDay, Duration outageLength) {

    /** A cluster unreachable from {@code start} for {@code length}. */
    public record Outage(String cluster, Instant start, Duration length) {
        public Outage {
            requireNonNull(cluster, "cluster is null");
            requireNonNull(start, "start is null");
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("outage length must be positive, not " + length);
            }
        }
    }

    public static final Faults NONE = new Faults(false, 0, Duration.ofHours(4), List.of(), 0, Duration.ofHours(2));

    /** Spot interruptions only: what a pool's rate says happens anyway. */
    public static final Faults SPOT_ONLY = new Faults(true, 0, Duration.ofHours(4), List.of(), 0, Duration.ofHours(2));

    public Faults {
        if (nodeMtbfHours < 0 || randomOutagesPerDay < 0) {
            throw new IllegalArgumentException("nodeMtbfHours and randomOutagesPerDay must be 0 or more");
        }
        requireNonNull(repairTime, "repairTime is null");
        outages = List.copyOf(outages);
        requireNonNull(outageLength, "outageLength is null");
    }
}
