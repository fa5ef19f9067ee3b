package dev.quartermaster.engine;

import dev.quartermaster.engine.capacity.PoolState;
import dev.quartermaster.engine.policy.Filter;
import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.Violation;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadChecks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a workload could ever run in the fleet under the policy, where (the pools that pass the policy's static
 * filters) and its {@link Shape}. All three are the same for every workload of one kind (team, accelerators, runtime,
 * data class, regions and gang), so each kind is worked out once, at its first workload.
 */
final class Admissibility {

    private final State state;
    private final Map<Admissible.Key, Admissible> byKind = new HashMap<>();
    private final Map<List<Integer>, PoolState[]> internedCandidates = new HashMap<>();
    /** The policy's filters that judge a workload against a pool once (health is judged each cycle). */
    private final List<Filter> staticFilters;
    /** Each pool's accelerator type, by pool index. */
    private final List<Accelerator> acceleratorOfPool;

    Admissibility(State state) {
        this.state = state;
        this.staticFilters = state.policy.filters().stream().filter(Filter::isStatic).toList();
        this.acceleratorOfPool = state.pools.stream()
                .map(p -> state.fleet.accelerator(p.site().pool().accelerator()).orElseThrow()).toList();
    }

    /** What holds for one kind of workload: why it may never run (none: it may), the pools it may run in, its shape. */
    record Admissible(List<Violation> violations, PoolState[] candidates, Shape shape) {
        /**
         * A kind of workload. Its equality is written out rather than a record's (which goes through method handles
         * on every submission); its hash is the one a record of these fields in this order would have.
         */
        static final class Key {
            private final String team;
            private final Types accelerators;
            private final Object runtime;
            private final Object dataClass;
            private final List<String> regions;
            private final int gpus;
            private final int gpusPerNode;
            private final Object topology;
            private final int replicas;
            private final int hash;

            private Key(Workload w) {
                this.team = w.team();
                this.accelerators = new Types(w.accelerators().keySet());
                this.runtime = w.runtime();
                this.dataClass = w.dataClass();
                this.regions = w.regions();
                this.gpus = w.gpus();
                this.gpusPerNode = w.gpusPerNode();
                this.topology = w.topology();
                this.replicas = w.replicas();
                int h = java.util.Objects.hashCode(team);
                h = 31 * h + accelerators.hashCode();
                h = 31 * h + java.util.Objects.hashCode(runtime);
                h = 31 * h + java.util.Objects.hashCode(dataClass);
                h = 31 * h + java.util.Objects.hashCode(regions);
                h = 31 * h + gpus;
                h = 31 * h + gpusPerNode;
                h = 31 * h + java.util.Objects.hashCode(topology);
                this.hash = 31 * h + replicas;
            }

            static Key of(Workload w) {
                return new Key(w);
            }

            @Override
            public boolean equals(Object o) {
                return o == this || o instanceof Key k && k.hash == hash && k.gpus == gpus
                        && k.gpusPerNode == gpusPerNode && k.replicas == replicas && k.dataClass == dataClass
                        && k.topology == topology
                        && java.util.Objects.equals(k.team, team) && k.accelerators.equals(accelerators)
                        && java.util.Objects.equals(k.runtime, runtime) && java.util.Objects.equals(k.regions, regions);
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }

        /**
         * The accelerator types of a workload, equal to another's when they list the same types in the same order (the
         * checks' words name them in order); read from the workload's map, not copied.
         */
        record Types(java.util.Set<String> names) {
            @Override
            public boolean equals(Object o) {
                if (!(o instanceof Types other) || other.names.size() != names.size()) {
                    return false;
                }
                var theirs = other.names.iterator();
                for (String name : names) {
                    if (!name.equals(theirs.next())) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public int hashCode() {
                int hash = 1;
                for (String name : names) {
                    hash = 31 * hash + name.hashCode();
                }
                return hash;
            }
        }
    }

    /** What is admissible, where, for the workload's kind: worked out at its kind's first workload. */
    Admissible of(Workload workload) {
        Admissible.Key kind = Admissible.Key.of(workload);
        Admissible admissible = byKind.get(kind);
        if (admissible == null) {
            admissible = check(workload);
            byKind.put(kind, admissible);
        }
        return admissible;
    }

    private Admissible check(Workload workload) {
        List<Violation> violations = WorkloadChecks.against(state.fleet, workload);
        PoolState[] candidates = violations.isEmpty() ? candidates(workload) : new PoolState[0];
        return new Admissible(violations, candidates, state.shapes.of(workload, candidates));
    }

    private PoolState[] candidates(Workload workload) {
        Team team = state.fleet.team(workload.team()).orElseThrow();
        List<Integer> indexes = new ArrayList<>();
        for (PoolState pool : state.pools) {
            if (passesStaticFilters(input(workload, team, pool, true))) {
                indexes.add(pool.index());
            }
        }
        return internedCandidates.computeIfAbsent(indexes,
                k -> k.stream().map(state.pools::get).toArray(PoolState[]::new));
    }

    private boolean passesStaticFilters(Filter.Input input) {
        for (Filter filter : staticFilters) {
            if (filter.reject(input) != null) {
                return false;
            }
        }
        return true;
    }

    /** What the policy's filters judge: the workload, its team and a pool, healthy or not. */
    Filter.Input input(Workload workload, Team team, PoolState pool, boolean healthy) {
        return new Filter.Input(workload, team, pool.site(), acceleratorOfPool.get(pool.index()), healthy);
    }

    /** Per pool, the first static filter that turns the workload away there, as "pool: reason". */
    List<String> filterReasons(Workload workload) {
        Team team = state.fleet.team(workload.team()).orElseThrow();
        List<String> reasons = new ArrayList<>();
        for (PoolState pool : state.pools) {
            Filter.Input input = input(workload, team, pool, true);
            state.policy.filters().stream().filter(Filter::isStatic).map(f -> f.reject(input))
                    .filter(r -> r != null).findFirst().ifPresent(r -> reasons.add(pool.ref() + ": " + r));
        }
        return reasons;
    }
}
