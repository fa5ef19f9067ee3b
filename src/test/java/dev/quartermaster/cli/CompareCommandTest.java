package dev.quartermaster.cli;

import static dev.quartermaster.cli.CliTest.qm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code qm compare}: policies side by side, ratios to the baseline, the same output on any number of threads. */
class CompareCommandTest {

    private static final String[] SCENARIO = {"compare", "--fleet", "examples/fleet.yaml", "--synthetic", "300",
        "--policies", "fifo,cost", "--seeds", "1,2"};

    private static String[] args(String... more) {
        return Stream.concat(Stream.of(SCENARIO), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void comparesPoliciesWithRatiosToTheBaseline() {
        CliTest.Run run = qm(args("--threads", "2", "--per-seed"));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Compared fifo, cost on synthetic three-tier (300 workloads), seeds 1, 2; ratios to fifo")
                .contains("JCT VS FIFO").contains("SPEND VS FIFO");
        // The baseline's own ratios are 1.00x, in its mean row and in each of its seeds' rows.
        assertThat(run.out()).containsPattern("(?m)^fifo +mean +[\\d,.]+ +[\\d.]+ +1\\.00x +[\\d.]+ +[\\d.]+ +\\S+ +1\\.00x ")
                .containsPattern("(?m)^ +1 +[\\d,.]+ +[\\d.]+ +1\\.00x ")
                .containsPattern("(?m)^cost +mean +[\\d,.]+ +[\\d.]+ +[\\d.]+x ");
        assertThat(run.err()).contains("[4/4]").contains("4 runs on 2 thread(s)");
    }

    @Test
    void writesJsonAndIsTheSameOnOneThreadOrTwo() throws IOException {
        CliTest.Run one = qm(args("--threads", "1", "--output", "json"));
        CliTest.Run two = qm(args("--threads", "2", "--output", "json"));
        assertThat(one.status()).as(one.err()).isZero();
        assertThat(two.status()).as(two.err()).isZero();
        assertThat(two.out()).isEqualTo(one.out());
        JsonNode json = new ObjectMapper().readTree(one.out());
        assertThat(json.get("baseline").asText()).isEqualTo("fifo");
        assertThat(json.get("policies")).hasSize(2);
        JsonNode fifo = json.get("policies").get(0);
        JsonNode cost = json.get("policies").get(1);
        assertThat(fifo.get("policy").asText()).isEqualTo("fifo");
        assertThat(cost.get("policy").asText()).isEqualTo("cost");
        assertThat(fifo.get("mean").get("jctRatio").asDouble()).isEqualTo(1.0);
        assertThat(fifo.get("mean").get("costRatio").asDouble()).isEqualTo(1.0);
        assertThat(cost.get("runs")).hasSize(2);
        assertThat(cost.get("runs").get(1).get("seed").asLong()).isEqualTo(2);
        // The mean row is the mean of the seeds, and the ratio is of the means.
        double meanCost = (cost.get("runs").get(0).get("cost").asDouble() + cost.get("runs").get(1).get("cost").asDouble()) / 2;
        assertThat(cost.get("mean").get("cost").asDouble()).isCloseTo(meanCost, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(cost.get("mean").get("costRatio").asDouble()).isCloseTo(meanCost / fifo.get("mean").get("cost").asDouble(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fifo.get("mean").get("completed").asDouble()).isPositive();
    }

    @Test
    void windowMeasuresOnlyItsWorkloads() throws IOException {
        CliTest.Run run = qm("compare", "--fleet", "examples/fleet.yaml", "--synthetic", "300", "--policies", "fifo",
                "--window", "100-200", "--output", "json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("window").get("from").asInt()).isEqualTo(100);
        assertThat(json.get("policies").get(0).get("mean").get("completed").asDouble()).isBetween(1.0, 100.0);
    }

    @Test
    void startAtBeginsEveryRunIntoTheWorkloads() throws IOException {
        CliTest.Run run = qm("compare", "--fleet", "examples/fleet.yaml", "--synthetic", "300", "--policies", "fifo",
                "--start-at", "5h", "--output", "json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("source").asText()).matches("synthetic three-tier \\(300 workloads(, seed 1)?\\) from 5 h in \\(\\d+ in flight carried in\\)");
        assertThat(json.get("policies").get(0).get("mean").get("completed").asDouble()).isBetween(150.0, 299.0);
    }

    @Test
    void unknownBaselineOrPolicyIsAUsageError() {
        CliTest.Run baseline = qm(args("--baseline", "fair"));
        assertThat(baseline.status()).isEqualTo(2);
        assertThat(baseline.err()).contains("--baseline 'fair' is not one of --policies (fifo, cost)");
        CliTest.Run policy = qm("compare", "--fleet", "examples/fleet.yaml", "--synthetic", "300", "--policies", "fifo,lottery");
        assertThat(policy.status()).isEqualTo(2);
        assertThat(policy.err()).contains("--policies 'lottery' is not a policy; known: fifo, fair, cost, hetero");
        CliTest.Run window = qm(args("--window", "500-100"));
        assertThat(window.status()).isEqualTo(2);
        assertThat(window.err()).contains("--window must be FROM-TO");
        assertThat(qm("compare", "--synthetic", "10").err()).contains("qm compare: --fleet FILE is needed");
        for (String[] none : new String[][] {{"--policies", ","}, {"--seeds", ","}}) {
            CliTest.Run empty = qm("compare", "--fleet", "examples/fleet.yaml", "--synthetic", "10", none[0], none[1]);
            assertThat(empty.status()).as(none[0]).isEqualTo(2);
            assertThat(empty.err()).contains("--policies and --seeds must each name at least one");
        }
    }
}
