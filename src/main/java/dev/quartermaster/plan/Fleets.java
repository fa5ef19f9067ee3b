package dev.quartermaster.plan;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.InvalidFieldException;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.TierPreference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several fleet documents as one fleet, for a plan: the accelerator types of all (a type defined twice keeps its first
 * definition: the fleet's speeds, not the catalog's), the providers and teams of all (a name twice is an error), the
 * first document's tier preferences.
 */
public final class Fleets {

    private Fleets() {}

    /** Throws {@link InvalidFieldException} naming what is defined twice. */
    public static Fleet merge(List<String> names, List<Fleet> fleets) {
        if (fleets.size() == 1) {
            return fleets.get(0);
        }
        Map<String, Accelerator> accelerators = new LinkedHashMap<>();
        Map<String, String> providerFrom = new LinkedHashMap<>();
        Map<String, String> clusterFrom = new LinkedHashMap<>();
        Map<String, String> teamFrom = new LinkedHashMap<>();
        List<Provider> providers = new ArrayList<>();
        List<Team> teams = new ArrayList<>();
        List<TierPreference> preferences = fleets.get(0).tierPreferences();
        for (int i = 0; i < fleets.size(); i++) {
            Fleet f = fleets.get(i);
            String name = names.get(i);
            f.accelerators().forEach(a -> accelerators.putIfAbsent(a.name(), a));
            for (Provider p : f.providers()) {
                String before = providerFrom.putIfAbsent(p.name(), name);
                if (before != null) {
                    throw new InvalidFieldException("fleet", "provider " + p.name() + " is in " + before + " and in " + name
                            + "; a provider may be in one fleet document only");
                }
                p.clusters().forEach(c -> {
                    String had = clusterFrom.putIfAbsent(c.name(), name);
                    if (had != null) {
                        throw new InvalidFieldException("fleet", "cluster " + c.name() + " is in " + had + " and in " + name
                                + "; cluster names are unique in a fleet");
                    }
                });
                providers.add(p);
            }
            for (Team t : f.teams()) {
                String before = teamFrom.putIfAbsent(t.name(), name);
                if (before != null) {
                    throw new InvalidFieldException("fleet", "team " + t.name() + " is in " + before + " and in " + name);
                }
                teams.add(t);
            }
        }
        return new Fleet(List.copyOf(accelerators.values()), providers, teams, preferences);
    }
}
