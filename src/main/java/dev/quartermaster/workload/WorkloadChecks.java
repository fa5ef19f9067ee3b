package dev.quartermaster.workload;

import dev.quartermaster.fleet.Labels;
import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Suggestions;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a workload could ever run on a fleet, ignoring what is in use now: its team exists and has quota for an
 * acceptable accelerator, the accelerators exist and run the required software, its regions exist, restricted data
 * has a certified place, and some topology domain of the fleet is large enough for the gang.
 */
public final class WorkloadChecks {

    private WorkloadChecks() {}

    public static List<Violation> against(Fleet fleet, Workload w) {
        List<Violation> found = new ArrayList<>();
        Optional<Team> team = fleet.team(w.team());
        if (team.isEmpty()) {
            found.add(new Violation("team", Suggestions.unknown("team", w.team(), fleet.teams().stream().map(Team::name).toList())));
        }
        for (String type : w.accelerators().keySet()) {
            Optional<Accelerator> accelerator = fleet.accelerator(type);
            if (accelerator.isEmpty()) {
                List<String> known = fleet.accelerators().stream().map(Accelerator::name).toList();
                found.add(new Violation("accelerators." + type, Suggestions.unknown("accelerator", type, known)));
            } else if (w.runtime() != null && accelerator.get().runtime() != w.runtime()) {
                found.add(new Violation("accelerators." + type, type + " runs " + label(accelerator.get().runtime())
                        + ", but the workload's runtime is " + label(w.runtime())));
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        if (w.accelerators().keySet().stream().allMatch(type -> team.get().quotaFor(type).ceiling() == 0)) {
            found.add(new Violation("accelerators", "team " + w.team() + " has no quota for any of " + w.accelerators().keySet()
                    + "; it has quota for " + team.get().quota().keySet()));
        }
        List<Site> sites = fleet.sites();
        Set<String> regions = new TreeSet<>();
        sites.forEach(s -> regions.add(s.cluster().region()));
        for (int i = 0; i < w.regions().size(); i++) {
            if (!regions.contains(w.regions().get(i))) {
                found.add(new Violation("regions[" + i + "]", Suggestions.unknown("region", w.regions().get(i), regions)));
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        List<Site> eligible = sites.stream()
                .filter(s -> w.speedOn(s.pool().accelerator()) > 0)
                .filter(s -> w.regions().isEmpty() || w.regions().contains(s.cluster().region()))
                .toList();
        if (w.dataClass() == DataClass.RESTRICTED) {
            eligible = eligible.stream().filter(s -> s.provider().certifiedForRestrictedData()).toList();
            if (eligible.isEmpty()) {
                found.add(new Violation("dataClass", "restricted data runs only on providers certified for it, and none of them"
                        + " has " + w.accelerators().keySet() + (w.regions().isEmpty() ? "" : " in " + w.regions())));
                return found;
            }
        }
        if (eligible.stream().noneMatch(s -> domainGpus(s.pool(), w) >= w.gpus())) {
            int widest = eligible.stream().mapToInt(s -> s.pool().gpusPerNode()).max().orElse(0);
            if (w.gpusPerNode() > widest) {
                found.add(new Violation("gpusPerNode", "no node of the fleet with " + w.accelerators().keySet() + " has "
                        + w.gpusPerNode() + " GPUs; the largest have " + widest));
            } else {
                found.add(new Violation("gpus", "no " + label(w.topology()) + " of the fleet can ever hold a gang of " + w.gpus()
                        + " GPUs (" + w.nodes() + (w.nodes() == 1 ? " node" : " nodes") + " x " + w.gpusPerNode()
                        + "); the largest is " + largest(eligible, w)));
            }
        }
        return found;
    }

    /** How many of the workload's GPUs the largest topology domain of a pool can hold. */
    public static int domainGpus(NodePool pool, Workload w) {
        if (w.gpusPerNode() > pool.gpusPerNode()) {
            return 0;
        }
        int nodes = switch (w.topology()) {
            case NODE -> 1;
            case BLOCK -> pool.blockNodes();
            case CLUSTER -> pool.nodes();
        };
        return nodes * w.gpusPerNode();
    }

    private static String largest(List<Site> eligible, Workload w) {
        return eligible.stream()
                .max(java.util.Comparator.comparingInt(s -> domainGpus(s.pool(), w)))
                .map(s -> domainGpus(s.pool(), w) + " GPUs in " + s.ref() + " (" + s.pool().accelerator() + ", "
                        + s.pool().gpusPerNode() + " GPUs per node)")
                .orElse("none: no pool has " + w.accelerators().keySet() + (w.regions().isEmpty() ? "" : " in " + w.regions()));
    }

    static String label(Enum<?> value) {
        return Labels.of(value);
    }
}
