package dev.quartermaster.plan;

import static dev.quartermaster.engine.TestWorkloads.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.fleet.InvalidFieldException;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.ListSource;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemandTest {

    static final Instant START = PlannerTest.START;

    static ListSource source(int n, Duration every, Workload w) {
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            arrivals.add(new Arrival(START.plus(every.multipliedBy(i)), "job-" + i, w));
        }
        return new ListSource("test", arrivals);
    }

    @Test
    void aWorkloadIsSpreadOverTheBucketsItRunsInAtItsFastestSpeed() {
        // 8 GPUs, 36 reference hours, 2x faster on B200: runs 18 h from 12:00, so 12 h in day 0 and 6 h in day 1
        Workload w = workload("train").gpus(8).on("H100", 1.0, "B200", 2.0).hours(36).build();
        List<Arrival> one = List.of(new Arrival(START.plus(Duration.ofHours(12)), "a", w));
        DemandProfile p = DemandProfile.of(new ListSource("one", one), START, 24, START.plus(Duration.ofDays(3)));
        assertThat(p.buckets()).isEqualTo(3);
        assertThat(p.classes()).singleElement().satisfies(c -> assertThat(c.fastest()).isEqualTo(2.0));
        assertThat(p.demand()[0]).containsExactly(12 * 8 * 2.0, 6 * 8 * 2.0, 0);
        assertThat(p.total()).isEqualTo(8 * 36.0); // all its reference GPU-hours
    }

    @Test
    void spotExposureIsTheGangsNodesTimesTheWorkAnInterruptionLosesWeightedByGpuHours() {
        // 64 GPU-hours each: two nodes that checkpoint every 30 minutes (0.25 h lost), one node that never does (4 h of 8)
        Workload checkpointed = workload("a").gpus(16, 8).on("H100", 1.0).hours(4).checkpointEvery(Duration.ofMinutes(30)).build();
        Workload never = workload("b").gpus(8, 8).on("H100", 1.0).hours(8).build();
        DemandProfile p = DemandProfile.of(new ListSource("two", List.of(new Arrival(START, "a", checkpointed), new Arrival(START, "b", never))),
                START, 24, START.plus(Duration.ofDays(1)));
        assertThat(p.classes()).hasSize(1);
        assertThat(p.spotExposure()[0]).isCloseTo((64 * 2 * 0.25 + 64 * 1 * 4.0) / 128, within(1e-9));
    }

    static final List<DemandShare> SPLIT = List.of(new DemandShare("pretrain", WorkloadKind.TRAINING, null, 0.6),
            new DemandShare("research", WorkloadKind.BATCH, null, 0.3),
            new DemandShare("tuning", WorkloadKind.FINE_TUNING, DataClass.RESTRICTED, 0.1));

    @Test
    void aSplitGivesEachCopyToAShareByAHashOfItsIdTheSameEveryRun() {
        Workload w = workload("w").team("a").gpus(8).on("H100", 1.0).hours(2).build();
        DemandSpec spec = new DemandSpec(2, 0, SPLIT, Map.of());
        List<Arrival> out = new ArrayList<>();
        new ScaledSource(source(1000, Duration.ofMinutes(1), w), spec, START, null).forEachRemaining(out::add);
        assertThat(out).hasSize(2000);
        Map<String, Long> byTeam = out.stream().collect(Collectors.groupingBy(a -> a.workload().team(), Collectors.counting()));
        assertThat(byTeam.get("pretrain")).isBetween(1100L, 1300L);
        assertThat(byTeam.get("research")).isBetween(500L, 700L);
        assertThat(byTeam.get("tuning")).isBetween(140L, 260L);
        assertThat(out).allSatisfy(a -> {
            Workload x = a.workload();
            switch (x.team()) {
                case "pretrain" -> assertThat(x.kind()).isEqualTo(WorkloadKind.TRAINING);
                case "research" -> assertThat(x.kind()).isEqualTo(WorkloadKind.BATCH);
                default -> assertThat(x.kind()).isEqualTo(WorkloadKind.FINE_TUNING);
            }
            assertThat(x.dataClass()).isEqualTo(x.team().equals("tuning") ? DataClass.RESTRICTED : DataClass.INTERNAL);
        });
        List<Arrival> again = new ArrayList<>();
        new ScaledSource(source(1000, Duration.ofMinutes(1), w), spec, START, null).forEachRemaining(again::add);
        assertThat(again).isEqualTo(out);
        // the profile sees the restricted share as its own class, which the LP keeps in-house
        DemandProfile p = DemandProfile.of(new ScaledSource(source(1000, Duration.ofMinutes(1), w), spec, START, null), START, 24, null);
        assertThat(p.classes()).extracting(DemandProfile.DemandClass::restricted).containsExactlyInAnyOrder(false, true);
        assertThat(p.byKind()).containsOnlyKeys("training", "batch", "fine-tuning");
        assertThat(p.byTeam().get("tuning") / p.total()).isBetween(0.07, 0.13);
    }

    @Test
    void aServiceStaysAnInferenceWorkloadAndSharesMustAddUpToOne() {
        Workload service = workload("serve").kind(WorkloadKind.INFERENCE).service().build();
        List<Arrival> out = new ArrayList<>();
        new ScaledSource(source(50, Duration.ofMinutes(1), service), new DemandSpec(1, 0, SPLIT, Map.of()), START, null)
                .forEachRemaining(out::add);
        assertThat(out).extracting(a -> a.workload().kind()).containsOnly(WorkloadKind.INFERENCE);
        assertThatThrownBy(() -> new DemandSpec(1, 0, SPLIT.subList(0, 2), Map.of()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("split"))
                .hasMessageContaining("the shares must add up to 1 (within 0.001), not 0.9");
    }

    @Test
    void scaleAndGrowthCountWorkloadsDeterministicallyAndRetargetKeepsTheWork() {
        Workload w = workload("w").team("a").gpus(1).on("P100", 1.0).hours(2).build();
        DemandSpec spec = new DemandSpec(1.5, 0, "planners", Map.of("H100", 1.0, "H200", 1.3));
        ScaledSource scaled = new ScaledSource(source(1000, Duration.ofMinutes(1), w), spec, START, null);
        List<Arrival> out = new ArrayList<>();
        scaled.forEachRemaining(out::add);
        assertThat(out.size()).isBetween(1450, 1550); // 1.5 x 1,000, the half decided by a hash of the id
        assertThat(scaled.read()).isEqualTo(1000);
        List<Arrival> again = new ArrayList<>();
        new ScaledSource(source(1000, Duration.ofMinutes(1), w), spec, START, null).forEachRemaining(again::add);
        assertThat(again).isEqualTo(out);
        Workload moved = out.get(0).workload();
        assertThat(moved.team()).isEqualTo("planners");
        assertThat(moved.accelerators()).containsOnlyKeys("H100", "H200");
        assertThat(moved.work()).isEqualTo(new Work.Estimate(Duration.ofHours(2)));
        assertThat(out.stream().map(Arrival::id).distinct().count()).isEqualTo(out.size());

        ScaledSource growing = new ScaledSource(source(10, Duration.ofDays(1), w), new DemandSpec(1, 0.08, List.of(), Map.of()), START,
                START.plus(Duration.ofDays(5)));
        assertThat(growing.factor(START.plus(Duration.ofMinutes(Math.round(30.44 * 24 * 60))))).isCloseTo(1.08, within(1e-6));
        int n = 0;
        while (growing.hasNext()) {
            growing.next();
            n++;
        }
        assertThat(growing.read()).isEqualTo(5); // the horizon
        assertThat(n).isBetween(5, 6);
    }
}
