package dev.quartermaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code qm} command line as a person and a script use it: output, JSON, exit codes. */
class CliTest {

    record Run(int status, String out, String err) {}

    static Run qm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void validatesTheExamples() throws IOException {
        String[] args;
        try (var files = Files.list(Path.of("examples/workloads"))) {
            args = java.util.stream.Stream.concat(java.util.stream.Stream.of("validate", "examples/fleet.yaml"),
                    files.map(Path::toString).sorted()).toArray(String[]::new);
        }
        Run run = qm(args);
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("ok      examples/fleet.yaml  (fleet)")
                .contains("(6 workloads)")
                .contains("checked against the fleet in examples/fleet.yaml");
    }

    @Test
    void invalidDocumentExitsOneWithFileLineAndField(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                name: tiny
                team: pretrain
                kind: training
                gpus: 12
                gpusPerNode: 8
                accelerators: { B200: 2.2 }
                work: { duration: 2h }
                """);
        Run run = qm("validate", "examples/fleet.yaml", bad.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("INVALID " + bad).contains(bad + ":4:1: gpus: must be a multiple of gpusPerNode 8, not 12");
    }

    @Test
    void validateWritesJson(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\": \"x\", \"team\": \"pretrain\", \"kind\": \"trainig\"}");
        Run run = qm("validate", "--output", "json", bad.toString());
        assertThat(run.status()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("valid").asBoolean()).isFalse();
        JsonNode problems = json.get("files").get(0).get("problems");
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.get("path").asText()).isEqualTo("kind");
            assertThat(p.get("message").asText()).contains("did you mean 'training'");
            assertThat(p.get("line").asInt()).isEqualTo(1);
        });
    }

    @Test
    void missingFileIsReportedNotThrown() {
        Run run = qm("validate", "no/such/file.yaml");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("no/such/file.yaml:1:1: cannot be read");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(qm("validate").status()).isEqualTo(2);
        assertThat(qm("validate", "--no-such-option", "x.yaml").status()).isEqualTo(2);
        assertThat(qm("no-such-command").status()).isEqualTo(2);
        Run badFormat = qm("fleet", "show", "--output", "xml", "examples/fleet.yaml");
        assertThat(badFormat.status()).isEqualTo(2);
        assertThat(badFormat.err()).contains("'xml' is not an output format; use table or json");
    }

    @Test
    void fleetShowPrintsGpusByTierAndContractValue() {
        Run run = qm("fleet", "show", "examples/fleet.yaml");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("in-house +own-dc +H100 +2 +3,072")
                .containsPattern("specialized +ai-cloud +B200 +1 +18,432 +0 +16,384")
                .contains("five-year-deal")
                .contains("$2.01B");
    }

    @Test
    void fleetShowWritesJson() throws IOException {
        Run run = qm("fleet", "show", "-o", "json", "examples/fleet.yaml");
        assertThat(run.status()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode contract = json.get("contracts").get(0);
        assertThat(contract.get("gpus").asInt()).isEqualTo(16384);
        // 2026-01-01 .. 2030-12-31 is 1,826 days.
        assertThat(contract.get("termHours").asLong()).isEqualTo(1826L * 24);
        assertThat(contract.get("totalValue").asDouble()).isCloseTo(16384 * 1826 * 24 * 2.80, org.assertj.core.data.Offset.offset(1.0));
        assertThat(json.get("totalGpus").asInt()).isEqualTo(3072 + 2048 + 512 + 18432);
    }

    @Test
    void fleetShowRefusesAWorkloadDocument() {
        Run run = qm("fleet", "show", "examples/workloads/pretrain-llm.yaml");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("is not a fleet document");
    }

    @Test
    void versionAndHelp() {
        assertThat(qm("--version").out()).startsWith("qm ");
        Run help = qm("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("validate").contains("fleet");
    }

    @Test
    void scheduleShowsWhereTheExamplesRunAndAtWhatPrice() throws IOException {
        String[] files;
        try (var list = Files.list(Path.of("examples/workloads"))) {
            files = list.map(Path::toString).sorted().toArray(String[]::new);
        }
        String[] args = java.util.stream.Stream.concat(
                java.util.stream.Stream.of("schedule", "--at", "2027-01-04T00:00:00Z", "examples/fleet.yaml"),
                java.util.stream.Stream.of(files)).toArray(String[]::new);
        Run run = qm(args);
        assertThat(run.status()).as(run.err()).isZero();
        // The pretraining run takes idle committed B200s (free on the margin); restricted fine-tuning stays in-house.
        assertThat(run.out())
                .containsPattern("llm-pretrain-run-7 +pretrain +4,096 +running +ai-cloud-eu-north/b200 +B200 +specialized +\\$0.00 committed")
                .containsPattern("ads-ranker-finetune-q4 +ads-ranking +64 +running +dc-west-1/h100 +H100 +in-house");
        // Six inference replicas alternate between the two regions.
        assertThat(run.out().lines().filter(l -> l.startsWith("assistant-serving-v3") && l.contains("gcp-europe-west4"))).hasSize(3);
    }

    @Test
    void scheduleExplainsWhyWorkWaits(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, """
                workloads:
                  - { name: first, team: pretrain, kind: training, gpus: 4096, accelerators: { B200: 2.2 }, topology: block, work: { duration: 10h } }
                  - { name: second, team: pretrain, kind: training, gpus: 4096, accelerators: { B200: 2.2 }, topology: block, work: { duration: 10h } }
                  - { name: third, team: pretrain, kind: training, gpus: 4096, accelerators: { B200: 2.2 }, topology: block, work: { duration: 10h } }
                  - { name: fourth, team: pretrain, kind: training, gpus: 4096, accelerators: { B200: 2.2 }, topology: block, work: { duration: 10h } }
                  - { name: fifth, team: pretrain, kind: training, gpus: 4096, accelerators: { B200: 2.2 }, topology: block, work: { duration: 10h } }
                """);
        Run run = qm("schedule", "--at", "2027-01-04T00:00:00Z", "--explain", "examples/fleet.yaml", big.toString());
        assertThat(run.status()).as(run.err()).isZero();
        // Four gangs of 4,096 fill pretrain's 12,288 B200 quota plus the 4,096 it borrows from post-training, and the
        // pool's four whole 512-node blocks. The fifth waits for both, with a reservation for when the first gang ends.
        assertThat(run.out().lines().filter(l -> l.contains(" running "))).hasSize(4);
        assertThat(run.out()).contains("fifth:")
                .contains("ai-cloud-eu-north/b200: no B200 block with 512 free nodes of 8 GPUs in ai-cloud-eu-north"
                        + " (the best block has 256); team pretrain uses 16384/12288 B200; 4096 more would exceed its quota"
                        + " 12288 plus borrowing limit 4096")
                .contains("reserved to start by 2027-01-04T04:32:43.636Z");
    }

    @Test
    void scheduleRefusesAnUnknownPolicyAndInvalidWorkloads(@TempDir Path dir) throws IOException {
        Run unknown = qm("schedule", "--policy", "random", "examples/fleet.yaml", "examples/workloads/batch-eval.yaml");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("'random' is not a policy; known: fifo, fair, cost, hetero");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: x\nteam: nobody\nkind: batch\ngpus: 1\naccelerators: [H100]\nwork: { duration: 1h }\n");
        Run invalid = qm("schedule", "examples/fleet.yaml", bad.toString());
        assertThat(invalid.status()).isEqualTo(1);
        assertThat(invalid.err()).contains(bad + ":2:1: team: 'nobody' is not a known team");
    }
}
