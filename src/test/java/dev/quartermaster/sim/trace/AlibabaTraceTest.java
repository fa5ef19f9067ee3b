package dev.quartermaster.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quartermaster.fleet.Accelerator;
import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadChecks;
import dev.quartermaster.workload.WorkloadKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlibabaTraceTest {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    static final String DIR = "traces/alibaba-gpu-v2023/";
    static final String HEADER =
            "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n";
    static final List<String> MODELS = List.of("A10", "G2", "G3", "P100", "T4", "V100M16", "V100M32");

    static Fleet fleet;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readFleet() {
        fleet = AlibabaTrace.fleet(SharedData.file(DIR + "openb_node_list_gpu_node.csv"));
    }

    @Test
    void theFleetHasTheReadmesGpuInventory() {
        assertThat(fleet.sites().stream().mapToInt(s -> s.pool().nodes()).sum()).isEqualTo(1_213);
        assertThat(fleet.sites().stream().mapToInt(s -> s.pool().gpus()).sum()).isEqualTo(6_212);
        Map<String, Integer> nodes = fleet.sites().stream().collect(Collectors.toMap(s -> s.pool().name(),
                s -> s.pool().nodes(), (a, b) -> a, TreeMap::new));
        // README: G2x8 549, G3x8 39, T4x2 387, T4x4 17, P100x2 131, P100x1 3, V100M16x8 8, x4 28, x1 19,
        // V100M32x8 21, x4 9, A10x1 2
        assertThat(nodes).isEqualTo(new TreeMap<>(Map.ofEntries(Map.entry("g2-x8", 549), Map.entry("g3-x8", 39),
                Map.entry("t4-x2", 387), Map.entry("t4-x4", 17), Map.entry("p100-x2", 131), Map.entry("p100-x1", 3),
                Map.entry("v100m16-x8", 8), Map.entry("v100m16-x4", 28), Map.entry("v100m16-x1", 19),
                Map.entry("v100m32-x8", 21), Map.entry("v100m32-x4", 9), Map.entry("a10-x1", 2))));
        assertThat(AlibabaTrace.models(fleet)).isEqualTo(MODELS);
        assertThat(fleet.accelerator("V100M32").map(Accelerator::memoryGiB)).contains(32);
        assertThat(fleet.teams()).singleElement().satisfies(team -> {
            assertThat(team.name()).isEqualTo("alibaba");
            assertThat(team.quotaFor("G2")).isEqualTo(Quota.of(549 * 8));
            assertThat(team.quotaFor("V100M16")).isEqualTo(Quota.of(8 * 8 + 28 * 4 + 19));
            assertThat(team.quota().values().stream().mapToInt(Quota::nominal).sum()).isEqualTo(6_212);
        });
        for (NodePool pool : fleet.sites().stream().map(s -> s.pool()).toList()) {
            assertThat(pool.pricePerGpuHour()).isEqualTo(1.0);
        }
    }

    @Test
    void theListWithCpuNodesGivesTheSameFleet() {
        assertThat(AlibabaTrace.fleet(SharedData.file(DIR + "openb_node_list_all_node.csv"))).isEqualTo(fleet);
    }

    @Test
    void readsTheDefaultPodListInOrder() {
        TraceSource source = AlibabaTrace.pods(SharedData.file(DIR + "openb_pod_list_default.csv"), MODELS, START, false);
        List<Arrival> pods = SharedData.all(source);
        // README: 8,152 pods, 1,088 of them CPU-only; one Pending pod was deleted the second it was created
        assertThat(pods).hasSize(8_152 - 1_088 - 1);
        assertThat(source.skipped()).containsExactly(Map.entry("cpu-only", 1_088), Map.entry("non-positive duration", 1));
        // README: 3,078 pods share a GPU; one of them is the skipped Pending pod
        assertThat(source.adjusted()).containsExactly(Map.entry(AlibabaTrace.SHARED_GPU, 3_078 - 1));
        assertThat(pods.get(0).at()).isEqualTo(START);
        assertThat(pods.get(0).id()).isEqualTo("openb-pod-0000");
        for (int i = 1; i < pods.size(); i++) {
            assertThat(pods.get(i).at()).isAfterOrEqualTo(pods.get(i - 1).at());
        }
        assertThat(pods.get(pods.size() - 1).at()).isBeforeOrEqualTo(START.plusSeconds(12_901_761)); // README's last creation
        Map<Integer, Long> byGpus = pods.stream().collect(Collectors.groupingBy(a -> a.workload().gpus(), TreeMap::new,
                Collectors.counting()));
        assertThat(byGpus).isEqualTo(new TreeMap<>(Map.of(1, 6_989L - 1, 2, 16L, 4, 15L, 8, 44L)));
        assertThat(pods).allSatisfy(a -> {
            assertThat(a.workload().kind()).isEqualTo(WorkloadKind.BATCH);
            assertThat(a.workload().topology()).isEqualTo(Topology.NODE);
            assertThat(WorkloadChecks.against(fleet, a.workload())).isEmpty();
        });
    }

    @Test
    void theFirstPodRanFromScheduledToDeletedTime() {
        // openb-pod-0001,6000,12288,1,460,,LS,Running,427061,12902960,427061
        List<Arrival> pods = SharedData.all(
                AlibabaTrace.pods(SharedData.file(DIR + "openb_pod_list_default.csv"), MODELS, START, false));
        Workload w = pods.get(1).workload();
        assertThat(pods.get(1).at()).isEqualTo(START.plusSeconds(427_061));
        assertThat(w.name()).isEqualTo("openb-pod-0001");
        assertThat(w.gpus()).isEqualTo(1);
        assertThat(w.work()).isEqualTo(new Work.Estimate(Duration.ofSeconds(12_902_960 - 427_061)));
        assertThat(w.accelerators().keySet()).containsExactlyElementsOf(MODELS); // empty gpu_spec: any model
        assertThat(w.checkpointInterval()).isNull();
    }

    @Test
    void gpuSpecsListTheirModelsOnceEach() {
        List<Arrival> pods = SharedData.all(
                AlibabaTrace.pods(SharedData.file(DIR + "openb_pod_list_gpuspec33.csv"), MODELS, START, false));
        assertThat(pods).hasSize(7_063);
        long constrained = pods.stream().filter(a -> a.workload().accelerators().size() < MODELS.size()).count();
        assertThat(constrained).isEqualTo(2_388); // README: 2,388 pods have a gpu_spec
        assertThat(pods).allSatisfy(a -> assertThat(a.workload().accelerators().values()).containsOnly(1.0));
        // the file has V100M16|V100M32|V100M32
        assertThat(pods).anySatisfy(a -> assertThat(a.workload().accelerators()).containsOnlyKeys("V100M16", "V100M32"));
    }

    @Test
    void anUnsortedVariantComesOutSorted() {
        TraceSource source = AlibabaTrace.pods(SharedData.file(DIR + "openb_pod_list_gpushare40.csv"), MODELS, START, false);
        List<Arrival> pods = SharedData.all(source);
        assertThat(pods.size() + source.skipped().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8_152);
        assertThat(source.skipped()).containsExactly(Map.entry("cpu-only", 1_088), Map.entry("non-positive duration", 2));
        // README: 4,001 pods of gpushare40 share a GPU; both skipped pods do
        assertThat(source.adjusted()).containsExactly(Map.entry(AlibabaTrace.SHARED_GPU, 4_001 - 2));
        for (int i = 1; i < pods.size(); i++) {
            assertThat(pods.get(i).at()).isAfterOrEqualTo(pods.get(i - 1).at());
        }
    }

    @Test
    void theMultiGpuVariantsHaveNoTimesAndAreRefused() {
        Path multi = SharedData.file(DIR + "openb_pod_list_multigpu20.csv");
        assertThatThrownBy(() -> AlibabaTrace.pods(multi, MODELS, START, true))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(multi + ":1: no column 'gpu_spec'");
    }

    @Test
    void aMalformedRowFailsStrictlyWithFileAndLineAndIsSkippedLeniently() throws IOException {
        Path csv = Files.writeString(tmp.resolve("pods.csv"), HEADER
                + "p-0,12000,16384,1,1000,,LS,Running,0,100,0\n"
                + "p-1,12000,16384,0,0,,LS,Running,5,100,5\n"
                + "p-2,12000,16384,1,1000,H100,LS,Running,10,100,10\n"
                + "p-3,12000,16384,x,1000,,LS,Running,10,100,10\n"
                + "p-4,12000,16384,2,1000,T4|T4,LS,Pending,20,50,\n"
                + "p-5,12000,16384,1,300,,BE,Running,30,30,30\n"
                + "p-6,12000,16384,1,1200,,BE,Running,40,90,40\n"
                + "p-7,12000,16384,1,1000,,BE,Running,50,,50\n"
                + "p-8,12000,16384,1,250,G2,BE,Running,60,100,70\n");

        TraceSource strict = AlibabaTrace.pods(csv, MODELS, START, false);
        assertThat(strict.next().id()).isEqualTo("p-0"); // a sorted file streams: the error comes when its row is read
        assertThatThrownBy(strict::next)
                .isInstanceOfSatisfying(TraceFormatException.class, e -> assertThat(e.line()).isEqualTo(4))
                .hasMessage(csv + ":4: gpu_spec: 'H100' names 'H100', not a GPU model of the fleet " + MODELS);
        strict.close();

        TraceSource lenient = AlibabaTrace.pods(csv, MODELS, START, true);
        List<Arrival> kept = SharedData.all(lenient);
        assertThat(kept).extracting(Arrival::id).containsExactly("p-0", "p-4", "p-8");
        assertThat(kept.get(1).workload().accelerators()).containsOnlyKeys("T4");
        assertThat(kept.get(1).workload().work()).isEqualTo(new Work.Estimate(Duration.ofSeconds(30))); // never scheduled
        assertThat(kept.get(2).workload().work()).isEqualTo(new Work.Estimate(Duration.ofSeconds(30)));
        assertThat(kept.get(2).at()).isEqualTo(START.plusSeconds(60));
        assertThat(lenient.skipped()).containsOnly(Map.entry("cpu-only", 1), Map.entry("malformed gpu_spec", 1),
                Map.entry("malformed num_gpu", 1), Map.entry("non-positive duration", 1), Map.entry("malformed gpu_milli", 1),
                Map.entry("malformed deletion_time", 1));
        assertThat(lenient.adjusted()).containsExactly(Map.entry(AlibabaTrace.SHARED_GPU, 1));
    }

    @Test
    void anUnsortedFileFailsStrictlyBeforeTheFirstArrival() throws IOException {
        Path csv = Files.writeString(tmp.resolve("unsorted.csv"), HEADER
                + "p-0,1,1,1,1000,,LS,Running,50,100,50\n"
                + "p-1,1,1,1,1000,,LS,Running,10,100,10\n"
                + "p-2,1,1,1,1000,,LS,Running,20,100,\n");
        assertThat(SharedData.all(AlibabaTrace.pods(csv, MODELS, START, false)))
                .extracting(Arrival::id, a -> a.at().getEpochSecond() - START.getEpochSecond())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p-1", 0L), org.assertj.core.groups.Tuple.tuple("p-2", 10L),
                        org.assertj.core.groups.Tuple.tuple("p-0", 40L));
        Files.writeString(csv, "p-3,1,1,1,1000,,LS,Running,5,oops,5\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> AlibabaTrace.pods(csv, MODELS, START, false))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(csv + ":5: deletion_time: 'oops' is not a number");
    }
}
