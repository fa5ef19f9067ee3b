package dev.quartermaster.plan;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.InvalidFieldException;
import dev.quartermaster.fleet.Names;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the planner turns a workload source into demand: every workload counted {@code scale} times, growing by
 * {@code growthPerMonth} a month (0.08: 8% a month, compounded), optionally split between teams and kinds of work, and
 * made to accept other accelerator types (the traces name GPU types a fleet may not have).
 *
 * @param split empty to keep the workloads' teams, kinds and data classes; otherwise shares that add up to 1, each
 *     workload given to one of them (see {@link ScaledSource})
 * @param accelerators empty to keep the workloads' acceptable types and speeds
 */
public record DemandSpec(double scale, double growthPerMonth, List<DemandShare> split, Map<String, Double> accelerators) {

    public static final Bounds SCALE = Bounds.decimals(0.001, 1_000);
    public static final Bounds GROWTH = Bounds.decimals(-0.9, 10);
    /** How far the split's shares may add up from 1. */
    public static final double SHARES_TOLERANCE = 0.001;

    public DemandSpec {
        SCALE.check("scale", scale);
        GROWTH.check("growthPerMonth", growthPerMonth);
        split = Names.copy("split", split);
        double sum = split.stream().mapToDouble(DemandShare::share).sum();
        if (!split.isEmpty() && Math.abs(sum - 1) > SHARES_TOLERANCE) {
            throw new InvalidFieldException("split", String.format(Locale.ROOT, "the shares must add up to 1 (within %s), not %s",
                    SHARES_TOLERANCE, Bounds.format(Math.round(sum * 1e6) / 1e6)));
        }
        accelerators = Names.copy("accelerators", accelerators);
    }

    /** All the demand to one team ({@code team} null: the workloads' own teams). */
    public DemandSpec(double scale, double growthPerMonth, String team, Map<String, Double> accelerators) {
        this(scale, growthPerMonth, team == null ? List.of() : List.of(new DemandShare(team, null, null, 1)), accelerators);
    }

    public static DemandSpec asIs() {
        return new DemandSpec(1, 0, List.of(), Map.of());
    }

    /** The teams the split gives work to, in its order; empty without a split. */
    public List<String> teams() {
        return split.stream().map(DemandShare::team).distinct().toList();
    }

    /** The share a number {@code u} in [0, 1) falls in, the shares laid end to end in order (the last takes any rounding). */
    public DemandShare share(double u) {
        double sum = split.stream().mapToDouble(DemandShare::share).sum();
        double end = 0;
        for (DemandShare s : split) {
            end += s.share() / sum;
            if (u < end) {
                return s;
            }
        }
        return split.get(split.size() - 1);
    }
}
