package dev.quartermaster.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A capacity plan's answer: the demand it planned for, the portfolio the LP chose, the simulator's check of it (the
 * gap between the LP's cost and the simulated one), the teams' targets against the simulation, and the sensitivity
 * of cost and wait to the main commitment.
 *
 * @param gap (simulated cost - LP estimate) / LP estimate
 * @param controllableGap the same without the existing commitments (the same on both sides): the gap of what the plan
 *     decides
 */
public record PlanResult(String source, Instant start, Instant end, int bucketHours, int buckets, int workloads,
        double demandGpuHours, double[] demandGpus, List<String> demandClasses, Map<String, Double> demandByTeam,
        Map<String, Double> demandByKind, Portfolio portfolio, SimulationCheck simulation, double gap, double controllableGap, List<TargetCheck> targets,
        Sensitivity sensitivity) {

    /** A team's target against the simulation: met when its p95 wait is at most the target (NaN: it never waited). */
    public record TargetCheck(String team, double waitP95Hours, double simulatedWaitP95Hours, boolean met) {}
}
