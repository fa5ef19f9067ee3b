package dev.quartermaster.plan;

import dev.quartermaster.fleet.Bounds;
import dev.quartermaster.fleet.InvalidFieldException;
import dev.quartermaster.fleet.Names;

/**
 * A team's service targets, checked on the simulation of the chosen portfolio: its p95 wait and its p95 job completion
 * time at most so many hours (null: no target of that kind; at least one is given).
 */
public record Target(String team, Double waitP95Hours, Double jctP95Hours) {

    public static final Bounds HOURS = Bounds.decimals(0, 100_000);

    public Target {
        Names.check("team", team);
        if (waitP95Hours == null && jctP95Hours == null) {
            throw new InvalidFieldException("waitP95Hours", "is required unless jctP95Hours is given, as in { team: " + team
                    + ", waitP95Hours: 2, jctP95Hours: 48 }");
        }
        if (waitP95Hours != null) {
            HOURS.check("waitP95Hours", waitP95Hours);
        }
        if (jctP95Hours != null) {
            HOURS.check("jctP95Hours", jctP95Hours);
        }
    }
}
