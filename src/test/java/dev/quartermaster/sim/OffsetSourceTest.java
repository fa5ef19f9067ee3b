package dev.quartermaster.sim;

import static dev.quartermaster.engine.TestWorkloads.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetSourceTest {

    private static final Instant START = Instant.parse("2027-01-04T00:00:00Z");

    private static Arrival at(double hours, String id, double workHours) {
        return new Arrival(START.plusSeconds((long) (hours * 3600)), id, workload(id).hours(workHours).build());
    }

    private static List<Arrival> read(OffsetSource source) {
        List<Arrival> all = new ArrayList<>();
        while (source.hasNext()) {
            all.add(source.next());
        }
        return all;
    }

    @Test
    void workInFlightAtTheStartArrivesFirstWithTheWorkItHadLeft() {
        OffsetSource source = new OffsetSource(new ListSource("trace", List.of(
                at(0, "done", 2),        // ended at 2 h
                at(1, "running", 14),    // started at 1 h, 5 h left at 10 h
                new Arrival(START.plus(Duration.ofHours(4)), "service", workload("service").service().build()),
                at(12, "later", 3))), START, Duration.ofHours(10), "arrived before --start-at");
        List<Arrival> read = read(source);
        assertThat(read).extracting(Arrival::id).containsExactly("running", "service", "later");
        assertThat(read.get(0).at()).isEqualTo(START);
        assertThat(read.get(0).workload().referenceHours()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(read.get(1).at()).isEqualTo(START);
        assertThat(read.get(1).workload().referenceHours()).isInfinite();
        assertThat(read.get(2).at()).isEqualTo(START.plus(Duration.ofHours(2)));
        assertThat(read.get(2).workload().referenceHours()).isEqualTo(3.0);
        assertThat(source.skipped()).containsExactly(java.util.Map.entry("arrived before --start-at", 1));
        assertThat(source.carried()).isEqualTo(2);
        assertThat(source.name()).isEqualTo("trace from 10 h in (2 in flight carried in)");
    }

    @Test
    void deadlinesMoveWithTheArrivals() {
        Instant due = START.plus(Duration.ofHours(30));
        OffsetSource source = new OffsetSource(new ListSource("trace", List.of(
                new Arrival(START.plus(Duration.ofHours(1)), "running", workload("running").hours(14).build().withDeadline(due)),
                new Arrival(START.plus(Duration.ofHours(12)), "later", workload("later").hours(3).build().withDeadline(due)),
                at(13, "none", 1))), START, Duration.ofHours(10), "arrived before --start-at");
        List<Arrival> read = read(source);
        assertThat(read).extracting(Arrival::id).containsExactly("running", "later", "none");
        assertThat(read.get(0).workload().deadline()).isEqualTo(START.plus(Duration.ofHours(20)));
        assertThat(read.get(1).workload().deadline()).isEqualTo(START.plus(Duration.ofHours(20)));
        assertThat(read.get(2).workload().deadline()).isNull();
    }

    @Test
    void gpuHoursLeftAreTheShareOfTheWorkLeft() {
        var w = workload("gh").gpus(16, 8).build();
        var measured = w.withWork(new Work.GpuHours(160, "H100"));
        // 160 GPU-hours on 16 GPUs: 10 hours; at 4 hours in, 6 are left: 96 GPU-hours.
        var left = OffsetSource.workLeft(new Arrival(START, "gh", measured), START.plus(Duration.ofHours(4)));
        assertThat(left.work()).isEqualTo(new Work.GpuHours(96, "H100"));
        assertThat(left.kind()).isEqualTo(WorkloadKind.TRAINING);
        assertThat(OffsetSource.workLeft(new Arrival(START, "gh", measured), START.plus(Duration.ofHours(10)))).isNull();
    }
}
