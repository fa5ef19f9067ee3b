package dev.quartermaster.plan;

import static dev.quartermaster.engine.TestWorkloads.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.ListSource;
import dev.quartermaster.sim.Summary;
import dev.quartermaster.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
}
