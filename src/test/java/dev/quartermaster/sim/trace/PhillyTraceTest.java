package dev.quartermaster.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.Quota;
import dev.quartermaster.fleet.Team;
import dev.quartermaster.sim.Arrival;
import dev.quartermaster.workload.Topology;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhillyTraceTest {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    static final String HEADER = "timestamp,duration,num_gpus,gpu_time,cluster\n";

    static Path jobsCsv;
    static Path vcCsv;
    static List<Arrival> real;
    static TraceSource realSource;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readRealTrace() {
        jobsCsv = SharedData.file("traces/philly/philly_jobs_pollux.csv");
        vcCsv = SharedData.file("traces/philly/philly_vc.csv");
        realSource = PhillyTrace.jobs(jobsCsv, START, false);
        real = SharedData.all(realSource);
    }

    @Test
    void readsEveryJobOfTheRealTraceInOrderOfSubmission() {
        assertThat(real).hasSize(82_247); // as the README says
        assertThat(realSource.skipped()).isEmpty();
        assertThat(realSource.adjusted()).containsExactly(Map.entry(PhillyTrace.ROUNDED_UP, 7)); // the 12-GPU jobs
        assertThat(realSource.name()).isEqualTo("philly philly_jobs_pollux.csv (82,247 jobs)");
        assertThat(real.get(0).at()).isEqualTo(START);
        for (int i = 1; i < real.size(); i++) {
            assertThat(real.get(i).at()).isAfterOrEqualTo(real.get(i - 1).at());
        }
        // README: submissions from 2017-09-04 10:30:41 to 2017-12-22 08:02:11
        Duration span = Duration.between(LocalDateTime.parse("2017-09-04T10:30:41"), LocalDateTime.parse("2017-12-22T08:02:11"));
        assertThat(real.get(real.size() - 1).at()).isEqualTo(START.plus(span));
        assertThat(real.stream().map(Arrival::id).distinct().count()).isEqualTo(82_247);
    }

    @Test
    void theReadmesExampleJobIsLine55() {
        // 2017-10-07 01:11:39,193256.0,8,1546048.0,ee9e8c
        Arrival job = real.stream().filter(a -> a.id().equals("philly-55")).findFirst().orElseThrow();
        Workload w = job.workload();
        assertThat(job.at()).isEqualTo(START.plus(Duration.between(
                LocalDateTime.parse("2017-09-04T10:30:41"), LocalDateTime.parse("2017-10-07T01:11:39"))));
        assertThat(w.name()).isEqualTo("philly-55");
        assertThat(w.team()).isEqualTo("vc-ee9e8c");
        assertThat(w.gpus()).isEqualTo(8);
        assertThat(w.gpusPerNode()).isEqualTo(8);
        assertThat(w.topology()).isEqualTo(Topology.NODE);
        assertThat(w.work()).isEqualTo(new Work.Estimate(Duration.ofSeconds(193_256)));
        assertThat(w.accelerators()).containsExactly(Map.entry("P100", 1.0));
        assertThat(w.checkpointInterval()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void gpuCountsMatchTheReadmeAndBigJobsSpanWholeNodes() {
        Map<Integer, Long> byGpus = real.stream().collect(java.util.stream.Collectors.groupingBy(
                a -> a.workload().gpus(), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        // README: 1 -> 76,627, 2 -> 1,818, 4 -> 1,870, 8 -> 1,643, 16 -> 199, 32 -> 67, 12/24 -> 7 each, 64 -> 6, 128 -> 3
        assertThat(byGpus).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(1, 76_627L, 2, 1_818L, 4, 1_870L,
                8, 1_643L, 16, 199L + 7, 24, 7L, 32, 67L, 64, 6L, 128, 3L)));
        assertThat(real).allSatisfy(a -> {
            Workload w = a.workload();
            assertThat(w.gpusPerNode()).isEqualTo(Math.min(w.gpus(), 8));
            assertThat(w.topology()).isEqualTo(w.gpus() > 8 ? Topology.CLUSTER : Topology.NODE);
        });
    }

    @Test
    void theFleetHasTheVcsNodesAsTeams() {
        Fleet fleet = PhillyTrace.fleet(vcCsv);
        NodePool pool = fleet.sites().get(0).pool();
        assertThat(fleet.sites()).hasSize(1);
        assertThat(pool.nodes()).isEqualTo(352); // README: the VCs cover 352 nodes
        assertThat(pool.gpus()).isEqualTo(8 * 352).isEqualTo(2_816);
        assertThat(pool.gpusPerNode()).isEqualTo(8);
        assertThat(pool.blockNodes()).isEqualTo(32);
        assertThat(pool.accelerator()).isEqualTo(PhillyTrace.ACCELERATOR);
        assertThat(fleet.teams()).hasSize(11);
        assertThat(fleet.teams().stream().mapToInt(t -> t.quotaFor("P100").nominal()).sum()).isEqualTo(2_816);
        assertThat(fleet.team("vc-6214e9").orElseThrow().quotaFor("P100")).isEqualTo(Quota.of(512));
        assertThat(fleet.cohorts()).singleElement().satisfies(c -> assertThat(c.teams()).hasSize(11));
    }

    @Test
    void withTheJobsTheFleetGainsTeamsForVcsWithoutNodesAndEveryJobCanRun() {
        Fleet fleet = PhillyTrace.fleet(vcCsv, jobsCsv);
        assertThat(fleet.teams()).hasSize(15);
        assertThat(fleet.teams().stream().filter(t -> t.quotaFor("P100").nominal() == 0).map(Team::name))
                .containsExactlyInAnyOrder("vc-23dbec", "vc-51b7ef", "vc-925e2b", "vc-795a4c");
        assertThat(fleet.sites().get(0).pool().gpus()).isEqualTo(2_816);
        assertThat(real).allSatisfy(a -> assertThat(WorkloadChecks.against(fleet, a.workload())).isEmpty());
    }

    @Test
    void aMalformedRowFailsStrictlyWithFileAndLineAndIsSkippedLeniently() throws IOException {
        Path csv = write("bad.csv", HEADER
                + "2017-10-09 07:01:55,66.0,1,66.0,11cb48\n"
                + "2017-10-09 06:13:03,2951.0,two,5902.0,6214e9\n"
                + "2017-10-09 06:13:04,100.0,1,100.0,6214e9\n"
                + "2017-10-09 6:13,100.0,1,100.0,6214e9\n"
                + "2017-10-09 06:13:05,100.0,1,100.0\n"
                + "2017-10-09 06:13:06,100.0,1,100.0,bad/vc\n");

        assertThatThrownBy(() -> PhillyTrace.jobs(csv, START, false))
                .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                    assertThat(e.file()).isEqualTo(csv.toString());
                    assertThat(e.line()).isEqualTo(3);
                })
                .hasMessage(csv + ":3: num_gpus: 'two' is not a whole number");

        TraceSource lenient = PhillyTrace.jobs(csv, START, true);
        List<Arrival> kept = SharedData.all(lenient);
        assertThat(kept).extracting(Arrival::id).containsExactly("philly-4", "philly-2"); // sorted: 06:13:04 before 07:01:55
        assertThat(kept.get(1).at()).isEqualTo(START.plusSeconds(48 * 60 + 51));
        assertThat(lenient.skipped()).containsOnly(Map.entry("malformed num_gpus", 1), Map.entry("malformed timestamp", 1),
                Map.entry("malformed row", 1), Map.entry("malformed cluster", 1));
    }

    @Test
    void eachKindOfBadValueIsNamedWithItsColumnAndValue() throws IOException {
        assertThat(strictError("2017-10-09 6:13,100.0,1,100.0,a")).isEqualTo("timestamp: '2017-10-09 6:13' is not a time like 2017-10-07 01:11:39");
        assertThat(strictError("2017-10-09 06:13:00,-5,1,-5,a")).isEqualTo("duration: '-5' is negative");
        assertThat(strictError("2017-10-09 06:13:00,x,1,5,a")).isEqualTo("duration: 'x' is not a number");
        assertThat(strictError("2017-10-09 06:13:00,5,0,0,a")).isEqualTo("num_gpus: '0' is not a whole number from 1 to 100000");
        assertThat(strictError("2017-10-09 06:13:00,5,1.5,5,a")).startsWith("num_gpus: '1.5' is not a whole number");
        assertThat(strictError("2017-10-09 06:13:00,5,1,,a")).isEqualTo("gpu_time: '' is not a number");
        assertThat(strictError("2017-10-09 06:13:00,5,1,5,")).isEqualTo("cluster: is empty");
        assertThat(strictError("2017-10-09 06:13:00,5,1,5,a b")).startsWith("cluster: 'a b' does not make a valid name 'vc-a b'");
        assertThat(strictError("2017-10-09 06:13:00,5,1,5,a,b")).isEqualTo("row: has 6 fields, the header has 5");
    }

    @Test
    void zeroDurationsAreSkippedAndOddGangsRoundedUpInBothModes() throws IOException {
        Path csv = write("odd.csv", HEADER
                + "2017-10-09 07:00:00,0.0,1,0.0,a\n"
                + "2017-10-09 07:00:10,60.0,12,720.0,a\n"
                + "2017-10-09 07:00:20,60.0,3,180.0,a\n"
                + "\n");
        for (boolean lenient : new boolean[] {false, true}) {
            TraceSource source = PhillyTrace.jobs(csv, START, lenient);
            List<Arrival> kept = SharedData.all(source);
            assertThat(source.skipped()).containsExactly(Map.entry("zero duration", 1));
            assertThat(source.adjusted()).containsExactly(Map.entry(PhillyTrace.ROUNDED_UP, 1));
            assertThat(kept).extracting(a -> a.workload().gpus()).containsExactly(16, 3);
            assertThat(kept.get(0).workload().topology()).isEqualTo(Topology.CLUSTER);
            assertThat(kept.get(0).at()).isEqualTo(START); // the first kept job is the trace's time zero
            assertThat(kept.get(1).at()).isEqualTo(START.plusSeconds(10));
        }
    }

    @Test
    void aHeaderWithoutAColumnFailsOnLineOne() throws IOException {
        Path csv = write("short.csv", "timestamp,duration,num_gpus,cluster\n");
        assertThatThrownBy(() -> PhillyTrace.jobs(csv, START, true))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(csv + ":1: no column 'gpu_time'");
    }

    private String strictError(String row) throws IOException {
        Path csv = write("row.csv", HEADER + row + "\n");
        try {
            PhillyTrace.jobs(csv, START, false);
        } catch (TraceFormatException e) {
            assertThat(e.line()).isEqualTo(2);
            return e.getMessage().substring((csv + ":2: ").length());
        }
        throw new AssertionError("no error for " + row);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }
}
