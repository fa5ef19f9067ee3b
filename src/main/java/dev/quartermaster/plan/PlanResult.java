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

    /**
     * A team's targets against the simulation (null: no target of that kind; NaN: none of its workloads started or
     * completed): met when every target it has is, with a simulated value at most the target.
     */
    public record TargetCheck(String team, Double waitP95Hours, double simulatedWaitP95Hours, Double jctP95Hours,
            double simulatedJctP95Hours, boolean met) {

        public static TargetCheck of(Target t, SimulationCheck check) {
            double wait = check.waitP95ByTeam().getOrDefault(t.team(), Double.NaN);
            double jct = check.jctP95ByTeam().getOrDefault(t.team(), Double.NaN);
            return new TargetCheck(t.team(), t.waitP95Hours(), wait, t.jctP95Hours(), jct, meets(wait, t.waitP95Hours())
                    && meets(jct, t.jctP95Hours()));
        }

        private static boolean meets(double simulated, Double target) {
            return target == null || simulated <= target; // NaN is never at most
        }
    }
}
