package dev.quartermaster.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.trace.GavelWorkload.JobType;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GavelWorkloadTest {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    static final Set<String> DISTRIBUTED = Set.of("ResNet-18", "ResNet-50", "Transformer", "LM");

    static Path json;
    static List<JobType> types;

    @BeforeAll
    static void readThroughputs() {
        json = SharedData.file("data/gavel/simulation_throughputs.json");
        types = GavelWorkload.jobTypes(json);
    }

    @Test
    void readsEveryJobTypeAndItsThroughputsFromTheJson() {
        assertThat(types).hasSize(83); // SOURCE.md: 83 keys per worker type
        assertThat(types.stream().filter(t -> t.scaleFactor() == 1)).hasSize(26);
        assertThat(types.stream().filter(t -> t.scaleFactor() > 1).map(JobType::family).collect(Collectors.toSet()))
                .isEqualTo(DISTRIBUTED);
        assertThat(types.stream().filter(t -> t.scaleFactor() > 1)).hasSize(19 * 3);
        JobType resnet18 = type("ResNet-18 (batch size 16)", 1);
        assertThat(resnet18.stepsPerSecond()).containsOnly(Map.entry("V100", 32.353384328946916),
                Map.entry("K80", 4.795294551566172), Map.entry("P100", resnet18.stepsPerSecond().get("P100")));
        assertThat(type("LM (batch size 80)", 8).stepsPerSecond()).containsEntry("P100", 82.93412253724979);
        assertThat(resnet18.slug()).isEqualTo("resnet-18-bs16-x1");
        assertThat(type("A3C", 1).slug()).isEqualTo("a3c-x1");
    }

    @Test
    void speedsAreRelativeToV100AndZeroThroughputIsNotAcceptable() {
        assertThat(types).allSatisfy(t -> assertThat(t.speeds()).containsEntry("V100", 1.0));
        JobType resnet18 = type("ResNet-18 (batch size 16)", 1);
        assertThat(resnet18.speeds().get("K80")).isCloseTo(4.795294551566172 / 32.353384328946916, within(1e-12));
        // SOURCE.md: K80 ResNet-50 bs128 at scale factor 2 or more does not fit
        for (int scale : new int[] {2, 4, 8}) {
            assertThat(type("ResNet-50 (batch size 128)", scale).speeds()).containsOnlyKeys("V100", "P100");
        }
        assertThat(type("ResNet-50 (batch size 128)", 1).speeds()).containsOnlyKeys("V100", "P100", "K80");
    }

    @Test
    void theFleetHas36GpusOfEachTypeInNodesOfFour() {
        Fleet fleet = GavelWorkload.fleet();
        assertThat(fleet.sites()).hasSize(3).allSatisfy(s -> {
            assertThat(s.pool().gpus()).isEqualTo(36);
            assertThat(s.pool().gpusPerNode()).isEqualTo(4);
        });
        assertThat(fleet.sites().stream().map(s -> s.pool().accelerator())).containsExactly("V100", "P100", "K80");
        assertThat(fleet.team("gavel").orElseThrow().quotaFor("K80")).isEqualTo(Quota.of(36));
    }

    @Test
    void theSameSeedGivesTheSameJobs() {
        List<Arrival> a = SharedData.all(GavelWorkload.jobs(json, 3.0, true, 42, START, 500));
        List<Arrival> b = SharedData.all(GavelWorkload.jobs(json, 3.0, true, 42, START, 500));
        List<Arrival> c = SharedData.all(GavelWorkload.jobs(json, 3.0, true, 43, START, 500));
        assertThat(a).hasSize(500).isEqualTo(b).isNotEqualTo(c);
        assertThat(a.get(0).at()).isEqualTo(START);
        assertThat(a).extracting(Arrival::id).startsWith("gavel-0", "gavel-1").endsWith("gavel-499");
    }

    @Test
    void arrivalsArePoissonAtTheGivenRate() {
        for (double perHour : new double[] {0.4, 3.0, 6.0}) {
            List<Arrival> jobs = SharedData.all(GavelWorkload.jobs(json, perHour, false, 7, START, 5_000));
            double meanGap = Duration.between(jobs.get(0).at(), jobs.get(4_999).at()).toMillis() / 1000.0 / 4_999;
            assertThat(meanGap).isCloseTo(3600 / perHour, within(0.05 * 3600 / perHour)); // the mean's sd is 1.4%
            for (int i = 1; i < jobs.size(); i++) {
                assertThat(jobs.get(i).at()).isAfterOrEqualTo(jobs.get(i - 1).at());
            }
        }
    }

    @Test
    void singleGpuTracesHaveOnlySingleGpuJobsOfEveryType() {
        List<Arrival> jobs = SharedData.all(GavelWorkload.jobs(json, 3.0, false, 1, START, 5_000));
        assertThat(jobs).allSatisfy(a -> {
            assertThat(a.workload().gpus()).isEqualTo(1);
            assertThat(a.workload().topology()).isEqualTo(Topology.NODE);
        });
        assertThat(jobs.stream().map(a -> a.workload().name()).distinct()).hasSize(26); // drawn uniformly: all show up
    }

    @Test
    void multiGpuJobsComeOnlyFromTheFamiliesThatScaleAndInGavelsProportions() {
        Fleet fleet = GavelWorkload.fleet();
        List<Arrival> jobs = SharedData.all(GavelWorkload.jobs(json, 3.0, true, 1, START, 5_000));
        Map<Integer, Long> byGpus = jobs.stream().collect(Collectors.groupingBy(a -> a.workload().gpus(), TreeMap::new,
                Collectors.counting()));
        assertThat(byGpus.keySet()).containsExactly(1, 2, 4, 8);
        assertThat(byGpus.get(1) / 5_000.0).isCloseTo(0.70, within(0.03));
        assertThat(byGpus.get(2) / 5_000.0).isCloseTo(0.10, within(0.02));
        assertThat(byGpus.get(4) / 5_000.0).isCloseTo(0.15, within(0.02));
        assertThat(byGpus.get(8) / 5_000.0).isCloseTo(0.05, within(0.015));
        Map<String, String> families = types.stream().collect(Collectors.toMap(JobType::slug, JobType::family));
        assertThat(jobs).allSatisfy(a -> {
            Workload w = a.workload();
            assertThat(w.name()).endsWith("-x" + w.gpus());
            if (w.gpus() > 1) {
                assertThat(families.get(w.name())).isIn(DISTRIBUTED);
            }
            assertThat(w.gpusPerNode()).isEqualTo(Math.min(w.gpus(), 4));
            assertThat(w.topology()).isEqualTo(w.gpus() == 8 ? Topology.CLUSTER : Topology.NODE);
            assertThat(w.speedOn("V100")).isEqualTo(1.0);
            assertThat(WorkloadChecks.against(fleet, w)).isEmpty();
        });
    }

    @Test
    void durationsFollowGavelsTwoRanges() {
        List<Arrival> jobs = SharedData.all(GavelWorkload.jobs(json, 3.0, true, 5, START, 5_000));
        List<Double> seconds = jobs.stream()
                .map(a -> ((Work.Estimate) a.workload().work()).duration().toMillis() / 1000.0).toList();
        assertThat(seconds).allSatisfy(s -> assertThat(s).isBetween(60 * Math.pow(10, 1.5) - 0.001, 600_000.001));
        double shortShare = seconds.stream().filter(s -> s < 60_000).count() / 5_000.0;
        assertThat(shortShare).isCloseTo(0.8, within(0.02));
    }

    private static JobType type(String model, int scale) {
        return types.stream().filter(t -> t.model().equals(model) && t.scaleFactor() == scale).findFirst().orElseThrow();
    }
}
