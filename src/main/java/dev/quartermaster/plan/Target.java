package dev.quartermaster.plan;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.Names;

/** A team's service target, checked on the simulation of the chosen portfolio: its p95 wait at most so many hours. */
public record Target(String team, double waitP95Hours) {

    public static final Bounds HOURS = Bounds.decimals(0, 100_000);

    public Target {
        Names.check("team", team);
        HOURS.check("waitP95Hours", waitP95Hours);
    }
}
