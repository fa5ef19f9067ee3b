package dev.quartermaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.engine.policy.Policies;
import dev.quartermaster.engine.policy.Policy;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Drives an engine in tests: every event's decisions are kept, and the invariants are checked after each. */
final class Harness {

    final ManualClock clock = ManualClock.at("2027-01-04T00:00:00Z");
    final Engine engine;
    final List<Decision> decisions = new ArrayList<>();

    Harness(Fleet fleet, Policy policy) {
        this.engine = new Engine(fleet, policy, clock, new SplittableRandom(7));
    }

    Harness(Fleet fleet) {
        this(fleet, Policies.fair());
    }

    List<Decision> apply(Event event) {
        List<Decision> out = engine.apply(event);
        decisions.addAll(out);
        assertThat(engine.checkInvariants()).as("invariants after " + event).isEmpty();
        return out;
    }

    Harness submit(String id, Workload workload) {
        apply(new Event.Submitted(id, workload));
        return this;
    }

    Harness submit(TestWorkloads workload) {
        Workload w = workload.build();
        return submit(w.name(), w);
    }

    List<Decision> tick() {
        return apply(new Event.Tick());
    }

    Harness after(Duration duration) {
        clock.advance(duration);
        return this;
    }

    WorkloadState state(String id) {
        return engine.state(id).orElseThrow();
    }

    Placement placement(String id) {
        List<Placement> placements = engine.placements(id);
        assertThat(placements).as(id + " placements").isNotEmpty();
        return placements.get(0);
    }

    PoolRef poolOf(String id) {
        return placement(id).pool();
    }

    static PoolRef ref(String text) {
        return PoolRef.parse("pool", text);
    }

    <T extends Decision> List<T> decisionsOf(Class<T> type) {
        return decisions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
