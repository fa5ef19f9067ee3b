package dev.quartermaster.fleet;

import java.util.List;

/** Teams that lend each other unused quota. Derived from the teams' {@code cohort} field. */
public record Cohort(String name, List<String> teams) {

    public Cohort {
        Names.check("name", name);
        teams = List.copyOf(teams);
    }
}
