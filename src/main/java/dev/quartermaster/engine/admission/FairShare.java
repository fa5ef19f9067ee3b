package dev.quartermaster.engine.admission;

import java.time.Duration;
import java.time.Instant;

/**
 * Weighted fair share across teams, as Slurm's fair-share factor does it: past usage decays with a half-life, and a
 * team's share is its dominant one over accelerator types (its GPUs now plus its decayed GPU-hours spread over one
 * half-life, against the fleet's GPUs of that type), divided by its weight. The team with the lowest share goes
 * first.
 */
public final class FairShare {

    private final Duration halfLife;
    private final double halfLifeHours;
    private final double[] capacity;
    private final double[] weight;
    private final double[][] decayedGpuHours;
    private Instant last;

    public FairShare(Duration halfLife, double[] weights, double[] capacityPerAccelerator, Instant now) {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive, not " + halfLife);
        }
        this.halfLife = halfLife;
        this.halfLifeHours = halfLife.toNanos() / 3.6e12;
        this.weight = weights.clone();
        this.capacity = capacityPerAccelerator.clone();
        this.decayedGpuHours = new double[weights.length][capacity.length];
        this.last = now;
    }

    public Duration halfLife() {
        return halfLife;
    }

    /**
     * Adds the usage since the last call (the GPUs in use now, held over the time elapsed) and decays the past. The
     * usage of the interval decays within it too (its exact integral), so the result does not depend on how often
     * this is called.
     */
    public void advance(Instant now, QuotaLedger ledger) {
        double hours = Duration.between(last, now).toNanos() / 3.6e12;
        if (hours <= 0) {
            return;
        }
        decay(decayedGpuHours, hours, ledger);
        last = now;
    }

    /**
     * Each team's past usage of each accelerator type, in GPU-hours decayed to {@code now}: what {@link #advance} would
     * make it, worked out on a copy.
     */
    public double[][] decayedAt(Instant now, QuotaLedger ledger) {
        double[][] at = new double[decayedGpuHours.length][];
        for (int t = 0; t < at.length; t++) {
            at[t] = decayedGpuHours[t].clone();
        }
        double hours = Duration.between(last, now).toNanos() / 3.6e12;
        if (hours > 0) {
            decay(at, hours, ledger);
        }
        return at;
    }

    /** Decays {@code gpuHours} over {@code hours} and adds the ledger's use held that long, in place. */
    private void decay(double[][] gpuHours, double hours, QuotaLedger ledger) {
        double decay = Math.pow(0.5, hours / halfLifeHours);
        double accrued = halfLifeHours / Math.log(2) * (1 - decay);
        for (int t = 0; t < gpuHours.length; t++) {
            for (int a = 0; a < capacity.length; a++) {
                gpuHours[t][a] = gpuHours[t][a] * decay + ledger.used(t, a) * accrued;
            }
        }
    }

    /**
     * Takes on past usage in place of its own: {@code gpuHours[team][type]} decayed to {@code asOf}, from which it goes on
     * (the usage of an engine this one replaces).
     */
    public void carry(double[][] gpuHours, Instant asOf) {
        if (gpuHours.length != decayedGpuHours.length) {
            throw new IllegalArgumentException("usage of " + gpuHours.length + " teams for " + decayedGpuHours.length);
        }
        for (int t = 0; t < gpuHours.length; t++) {
            if (gpuHours[t].length != capacity.length) {
                throw new IllegalArgumentException("usage of " + gpuHours[t].length + " types for " + capacity.length);
            }
            decayedGpuHours[t] = gpuHours[t].clone();
        }
        last = asOf;
    }

    /** The team's dominant share divided by its weight; lower goes first. */
    public double share(int team, QuotaLedger ledger) {
        double dominant = 0;
        for (int a = 0; a < capacity.length; a++) {
            if (capacity[a] > 0) {
                double s = (ledger.used(team, a) + decayedGpuHours[team][a] / halfLifeHours) / capacity[a];
                dominant = Math.max(dominant, s);
            }
        }
        return dominant / weight[team];
    }
}
