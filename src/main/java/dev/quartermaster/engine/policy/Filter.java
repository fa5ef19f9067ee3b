package dev.quartermaster.engine.policy;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Fleet.Site;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.workload.Workload;

/**
 * A hard rule: may this workload run in this pool at all? Answers with a reason a person can read, or null for yes.
 * Static filters depend only on the workload and the fleet and are evaluated once, at submission.
 */
public interface Filter {

    String name();

    /** Null when the workload may run in the pool; otherwise why not. */
    String reject(Input input);

    default boolean isStatic() {
        return true;
    }

    /** What a filter looks at: the workload, its team, the pool with its cluster and provider, and cluster health. */
    record Input(Workload workload, Team team, Site site, Accelerator accelerator, boolean clusterHealthy) {}
}
