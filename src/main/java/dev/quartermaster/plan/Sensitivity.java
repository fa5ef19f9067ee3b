package dev.quartermaster.plan;

import java.util.List;

/**
 * Cost and p95 wait as the committed amount of the main offer (the commitment that costs most) varies, the rest of the
 * portfolio held: the LP's cost and, when simulated, the simulation's cost and p95 wait at each amount.
 */
public record Sensitivity(String offer, int termMonths, int chosenGpus, List<Point> points) {

    /** One amount: NaN for what was not simulated. {@code unserved}: reference GPU-hours the LP could not serve. */
    public record Point(int gpus, double lpCost, double unserved, double simulatedCost, double waitP95Hours, double jctMeanHours) {}
}
