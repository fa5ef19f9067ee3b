package dev.quartermaster.cli;

import static dev.quartermaster.cli.CliTest.qm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartermaster.sim.JobRecord;
import dev.quartermaster.sim.trace.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qm simulate} as a person runs it: sources, summaries, records, JSON and wrong input. */
class SimulateCommandTest {

    @Test
    void syntheticScenarioWithRecordsAndJson(@TempDir Path dir) throws IOException {
        Path records = dir.resolve("records.csv");
        CliTest.Run run = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "300", "--policy", "cost",
                "--records", records.toString(), "--output", "json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(run.out());
        assertThat(summary.get("submitted").asInt()).isEqualTo(300);
        assertThat(summary.get("completed").asInt() + summary.get("rejected").asInt()).isEqualTo(300);
        List<String> lines = Files.readAllLines(records);
        assertThat(lines.get(0)).isEqualTo(JobRecord.CSV_HEADER);
        assertThat(lines).hasSize(301);
        double recordedCost = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[15])).sum();
        assertThat(recordedCost).isCloseTo(summary.get("cost").asDouble(), org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void workloadDocumentsPrintATable() {
        CliTest.Run run = qm("simulate", "--fleet", "examples/fleet.yaml", "--workloads", "examples/workloads/batch-eval.yaml",
                "examples/workloads/finetune-restricted.yaml");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("7 submitted, 7 completed").contains("TIER").contains("in-house")
                .containsPattern("commitments +\\d+% used, \\$[0-9.]+K idle");
        // A fleet without contracts has no commitments to use or leave idle.
        CliTest.Run none = qm("simulate", "--fleet", "examples/fleet-local-slurm.yaml", "--synthetic", "20");
        assertThat(none.status()).as(none.err()).isZero();
        assertThat(none.out()).containsPattern("commitments +none \\(no contract was active\\)");
    }

    @Test
    void phillyReplaysEveryJob() {
        Path philly = SharedData.file("traces/philly/philly_jobs_pollux.csv").getParent();
        CliTest.Run run = qm("simulate", "--philly", philly.toString(), "--output", "json");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"submitted\" : 82247").contains("\"completed\" : 82247");
    }

    @Test
    void wrongInputIsRefusedClearly(@TempDir Path dir) throws IOException {
        assertThat(qm("simulate", "--fleet", "examples/fleet.yaml").status()).isEqualTo(2);
        assertThat(qm("simulate", "--synthetic", "10").err()).contains("--fleet FILE is needed");
        assertThat(qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--policy", "lottery").err())
                .contains("'lottery' is not a policy");
        Path bad = dir.resolve("jobs.csv");
        Files.writeString(bad, "timestamp,duration,num_gpus,gpu_time,cluster\n2017-10-09 07:01:55,sixty,1,66.0,11cb48\n");
        Files.writeString(dir.resolve("philly_jobs_pollux.csv"), Files.readString(bad));
        Files.writeString(dir.resolve("philly_vc.csv"), "vc,node num\n11cb48,16\n");
        CliTest.Run strict = qm("simulate", "--philly", dir.toString());
        assertThat(strict.status()).isEqualTo(1);
        assertThat(strict.err()).contains("philly_jobs_pollux.csv:2").contains("duration").contains("--lenient");
        CliTest.Run rate = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--jobs-per-hour", "0");
        assertThat(rate.status()).isEqualTo(2);
        assertThat(rate.err()).contains("--jobs-per-hour must be more than 0, not 0.0");
        assertThat(qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--mtbf-hours", "-1").err())
                .contains("--mtbf-hours must be 0 (no node failures) or more, not -1.0");
        // A file that cannot be written is refused before the run, naming the option.
        CliTest.Run records = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--records",
                dir.resolve("no/such/folder/records.csv").toString());
        assertThat(records.status()).isEqualTo(2);
        assertThat(records.err()).contains("qm simulate: --records ").contains("is not a folder this process may write in");
        assertThat(records.out()).isEmpty();
        CliTest.Run report = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--report", dir.toString());
        assertThat(report.status()).isEqualTo(2);
        assertThat(report.err()).contains("--report " + dir + " is a folder");
        // A header that lacks a column is no row that --lenient could skip: no hint of it.
        Files.writeString(dir.resolve("philly_jobs_pollux.csv"), "timestamp,num_gpus\n");
        CliTest.Run header = qm("simulate", "--philly", dir.toString());
        assertThat(header.status()).isEqualTo(1);
        assertThat(header.err()).contains("philly_jobs_pollux.csv:1").doesNotContain("--lenient");
        Files.writeString(dir.resolve("philly_jobs_pollux.csv"), Files.readString(bad));
        CliTest.Run lenient = qm("simulate", "--philly", dir.toString(), "--lenient");
        assertThat(lenient.status()).as(lenient.err()).isZero();
        assertThat(lenient.out()).contains("Rows left out");
    }

    @Test
    void aFileThatIsNotGavelsThroughputsIsRefusedAsInvalidInputSayingWhy(@TempDir Path dir) throws IOException {
        Path notJson = dir.resolve("throughputs.json");
        Files.writeString(notJson, "{\"v100\": {\n  oops\n");
        CliTest.Run garbled = qm("simulate", "--gavel", notJson.toString());
        assertThat(garbled.status()).isEqualTo(1);
        assertThat(garbled.err()).contains(notJson + ": not JSON: ").contains("(line 2, column");
        Files.writeString(notJson, "{\"k80\": {}}");
        CliTest.Run shape = qm("compare", "--gavel", notJson.toString(), "--policies", "fifo,fair");
        assertThat(shape.status()).isEqualTo(1);
        assertThat(shape.err()).contains(notJson + ": no object 'v100' at the top level");
        CliTest.Run missing = qm("simulate", "--gavel", dir.resolve("nope.json").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read " + dir.resolve("nope.json") + ": no such file");
    }

    @Test
    void theStartIsADateOrAnInstant() {
        CliTest.Run wrong = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--start", "yesterday");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("'yesterday' is neither a date such as 2026-11-01 nor an instant")
                .doesNotContain("java.time");
        CliTest.Run date = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--start", "2027-02-01",
                "--output", "json");
        assertThat(date.status()).as(date.err()).isZero();
    }

    /** Alibaba 2023's default pod list idles about 115 days before most pods arrive: --start-at begins the run there. */
    @Test
    void startAtBeginsTheRunIntoTheTrace() throws IOException {
        Path alibaba = SharedData.file("traces/alibaba-gpu-v2023/openb_pod_list_default.csv").getParent();
        CliTest.Run whole = qm("simulate", "--alibaba", alibaba.toString(), "--output", "json");
        CliTest.Run late = qm("simulate", "--alibaba", alibaba.toString(), "--start-at", "115d", "--output", "json");
        assertThat(whole.status()).as(whole.err()).isZero();
        assertThat(late.status()).as(late.err()).isZero();
        JsonNode all = new ObjectMapper().readTree(whole.out());
        JsonNode busy = new ObjectMapper().readTree(late.out());
        // Fewer than a hundred pods arrive in the first 115 days, and all of them still run then (taken to have started
        // on arrival): they arrive first, with the work they have left, and nothing is left out. The run is about
        // 115 days (2,760 h) shorter.
        java.util.regex.Matcher carried = java.util.regex.Pattern.compile("from 115 days in \\((\\d+) in flight carried in\\)$")
                .matcher(busy.get("source").asText());
        assertThat(carried.find()).as(busy.get("source").asText()).isTrue();
        assertThat(Integer.parseInt(carried.group(1))).isBetween(1, 99);
        assertThat(busy.get("submitted").asInt()).isEqualTo(all.get("submitted").asInt());
        assertThat(busy.get("makespanHours").asDouble()).isLessThan(all.get("makespanHours").asDouble() - 2000);
    }

    @Test
    void startAtLeavesOutWhatArrivedBeforeAndSaysSo() {
        CliTest.Run run = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "1000", "--start-at", "10h");
        assertThat(run.status()).as(run.err()).isZero();
        // About 200 of 1,000 arrive in the first 10 hours; those still running then arrive first, the others are left out.
        assertThat(run.out()).contains("from 10 h in (").containsPattern("Rows left out: \\{arrived before --start-at=\\d{2,3}}");
        CliTest.Run at = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "1000", "--start-at",
                "2027-01-04T10:00:00Z");
        assertThat(at.status()).as(at.err()).isZero();
        assertThat(withoutSpeed(at.out())).isEqualTo(withoutSpeed(run.out()));
    }

    private static String withoutSpeed(String out) {
        return out.replaceAll("(?m)^speed .*$", "");
    }

    @Test
    void aWrongStartAtIsRefusedNamingTheOption() {
        for (String wrong : new String[] {"soon", "-5d", "2020-01-01T00:00:00Z", "P-1D", "10 weeks", "99999999d"}) {
            CliTest.Run run = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--start-at", wrong);
            assertThat(run.status()).as(wrong).isEqualTo(2);
            assertThat(run.err()).as(wrong).contains("qm simulate: --start-at must be an offset like 115d")
                    .contains("not '" + wrong + "'");
        }
        CliTest.Run compare = qm("compare", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--start-at", "soon");
        assertThat(compare.status()).isEqualTo(2);
        assertThat(compare.err()).contains("qm compare: --start-at must be an offset");
    }

    @Test
    void aHorizonStopsARunThatFailuresWouldKeepGoingForever() throws IOException {
        // A node fails every 2 hours on average: the big gangs never reach a checkpoint, so only the horizon ends it.
        CliTest.Run run = qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "200", "--mtbf-hours", "2",
                "--horizon-days", "2", "--output", "json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(run.out());
        assertThat(summary.get("unfinished").asInt()).isPositive();
        assertThat(summary.get("makespanHours").asDouble()).isLessThanOrEqualTo(48.0);
        assertThat(qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--horizon-days", "0").err())
                .contains("--horizon-days must be more than 0");
        assertThat(qm("simulate", "--fleet", "examples/fleet.yaml", "--synthetic", "10", "--half-life-hours", "-1").err())
                .contains("--half-life-hours must be more than 0");
    }
}
