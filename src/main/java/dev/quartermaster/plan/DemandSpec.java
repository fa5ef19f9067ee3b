package dev.quartermaster.plan;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.Names;
import java.util.Map;

/**
 * How the planner turns a workload source into demand: every workload counted {@code scale} times, growing by
 * {@code growthPerMonth} a month (0.08: 8% a month, compounded), optionally given to one team and made to accept other
 * accelerator types (the traces name GPU types a fleet may not have).
 *
 * @param team null to keep the workloads' teams
 * @param accelerators empty to keep the workloads' acceptable types and speeds
 */
public record DemandSpec(double scale, double growthPerMonth, String team, Map<String, Double> accelerators) {

    public static final Bounds SCALE = Bounds.decimals(0.001, 1_000);
    public static final Bounds GROWTH = Bounds.decimals(-0.9, 10);

    public DemandSpec {
        SCALE.check("scale", scale);
        GROWTH.check("growthPerMonth", growthPerMonth);
        if (team != null) {
            Names.check("team", team);
        }
        accelerators = Names.copy("accelerators", accelerators);
    }

    public static DemandSpec asIs() {
        return new DemandSpec(1, 0, null, Map.of());
    }
}
