package dev.quartermaster.plan;

import static dev.quartermaster.engine.TestWorkloads.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Provider;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.fleet.Tier;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.ListSource;
import dev.quartermaster.sim.Summary;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulation of a chosen portfolio, end to end through {@link CapacityPlan#run}. */
class SimulationCheckTest {

    static final Instant START = PlannerTest.START;

    /** An 8-GPU training job of two hours every half hour: four gangs, 32 GPUs, busy all the time. */
    static ListSource steady(int days, Workload w) {
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < days * 48; i++) {
            arrivals.add(new Arrival(START.plus(Duration.ofMinutes(30L * i)), "job-" + i, w));
        }
        return new ListSource("steady", arrivals);
    }

    static PlanSpec plan(DemandSpec demand, List<Target> targets, Offer... offers) {
        return new PlanSpec(List.of(Path.of("fleet.yaml")), 24, 6.0, demand, List.of(offers), null, null, targets);
    }

    @Test
    void aCommitmentWithALeadTimeIsNotUsedBeforeItsContractStarts() {
        Workload job = workload("train").gpus(8).on("H100", 1.0).hours(2).build();
        // on demand at $4 for six days, or from day 3 (the lead time) a commitment at $2
        PlanSpec spec = plan(new DemandSpec(1, 0, "planners", Map.of()), List.of(), PlannerTest.offer("gpu-cloud", 0, 3));
        PlanResult r = CapacityPlan.run(PlannerTest.fleet(6), spec, () -> steady(6, job), START, 1, 0, s -> {});
        assertThat(r.portfolio().choices()).singleElement().satisfies(c -> {
            assertThat(c.start()).isEqualTo(LocalDate.of(2027, 1, 7));
            assertThat(c.gpus()).isPositive();
        });
        Summary.Series series = r.simulation().summary().series();
        double[] onCommitment = series.gpusInUseByTier().get("specialized"); // the offer's provider is a GPU cloud
        double before = 0;
        double after = 0;
        for (int i = 0; i < series.hours().length; i++) {
            if (series.hours()[i] < 72) {
                before = Math.max(before, onCommitment[i]);
            } else {
                after = Math.max(after, onCommitment[i]);
            }
        }
        assertThat(before).as("GPUs of the commitment in use before its contract starts").isZero();
        assertThat(after).as("GPUs of the commitment in use once it has started").isPositive();
        assertThat(r.simulation().summary().completed()).isGreaterThan(6 * 48 - 10);
    }

    @Test
    void eachTeamOfASplitIsCheckedAgainstItsOwnTargetsAndTheRestrictedShareStaysInHouse() {
        // owned H100s at $5, dearer than the cloud's $4: only restricted work has a reason to run there
        Fleet fleet = new Fleet(PlannerTest.fleet(100).accelerators(), List.of(PlannerTest.fleet(100).providers().get(0),
                new Provider("own-dc", Tier.IN_HOUSE, Set.of(Provider.RESTRICTED_DATA), List.of(new Cluster("dc-1", "us-west", List.of(
                        new NodePool("h100", "H100", 4, false, 8, 4, 5.0, Duration.ZERO, null)))), List.of())), List.of(), List.of());
        DemandSpec split = new DemandSpec(1, 0, List.of(new DemandShare("a", WorkloadKind.TRAINING, null, 0.5),
                new DemandShare("b", WorkloadKind.FINE_TUNING, DataClass.RESTRICTED, 0.5)), Map.of());
        PlanSpec spec = plan(split, List.of(new Target("a", 1.0, null), new Target("b", null, 1.0)));
        assertThat(PortfolioFleet.check(fleet, spec)).isEmpty();
        assertThat(PortfolioFleet.build(fleet, spec, List.of()).teams()).extracting(Team::name).containsExactly("a", "b");
        Workload job = workload("train").gpus(8).on("H100", 1.0).hours(2).build();
        PlanResult r = CapacityPlan.run(fleet, spec, () -> steady(6, job), START, 1, 0, s -> {});

        assertThat(r.demandClasses()).anyMatch(c -> c.contains(" restricted"));
        assertThat(r.portfolio().gpuHoursByProvider().get("own-dc")).isCloseTo(r.demandByTeam().get("b"), within(1e-6));
        assertThat(r.targets()).hasSize(2);
        PlanResult.TargetCheck a = r.targets().get(0);
        assertThat(a.simulatedWaitP95Hours()).isLessThan(1.0);
        assertThat(a.met()).isTrue();
        PlanResult.TargetCheck b = r.targets().get(1);
        assertThat(b.simulatedJctP95Hours()).isCloseTo(2.0, within(0.1)); // two-hour jobs cannot complete in one
        assertThat(b.met()).isFalse();

        PlanSpec unknown = plan(split, List.of(new Target("c", 1.0, null)));
        assertThat(PortfolioFleet.check(fleet, unknown)).containsExactly("targets[0].team: the demand gives no work to team 'c';"
                + " it gives work to [a, b]");
    }
}
