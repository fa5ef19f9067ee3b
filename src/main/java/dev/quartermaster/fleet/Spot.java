package dev.quartermaster.fleet;

/** Spot capacity: cheaper, and taken back at {@code interruptionsPerHour} per node on average. */
public record Spot(double interruptionsPerHour) {

    public static final Bounds INTERRUPTIONS_PER_HOUR = Bounds.decimals(0, 10);

    public Spot {
        INTERRUPTIONS_PER_HOUR.check("interruptionsPerHour", interruptionsPerHour);
    }
}
