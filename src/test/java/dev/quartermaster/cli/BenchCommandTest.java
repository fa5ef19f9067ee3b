package dev.quartermaster.cli;

import static dev.quartermaster.cli.CliTest.qm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code qm bench simulator}: its presets, the parameters it prints, and wrong options; {@code qm bench engine}: the
 * hash of its decisions. Short runs, not timings.
 */
class BenchCommandTest {

    @Test
    void eventHeavyPresetPrintsItsParametersAndEventsByKind() {
        CliTest.Run run = qm("bench", "simulator", "--preset", "event-heavy", "--gpus", "4096", "--workloads", "2000", "--days",
                "0.5");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("event-heavy, policy fair, seed 1")
                .contains("4,096 GPUs, node MTBF 10 h")
                .contains("2,000 of 1 to 8 GPUs running 1 to 60 min, over 0.5 days")
                .contains("arrival", "2,000")
                .contains("scheduling cycle")
                .contains("events per second");
    }

    @Test
    void optionsChangeOneParameterOfThePreset() throws IOException {
        CliTest.Run run = qm("bench", "simulator", "--gpus", "2048", "--workloads", "300", "--days", "0.25", "--max-job-gpus", "16",
                "--job-minutes", "5-30", "--mtbf-hours", "50", "--output", "json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(run.out());
        assertThat(r.get("preset").asText()).isEqualTo("scale");
        assertThat(r.get("fleetGpus").asInt()).isEqualTo(2048);
        assertThat(r.get("maxJobGpus").asInt()).isEqualTo(16);
        assertThat(r.get("minJobMinutes").asInt()).isEqualTo(5);
        assertThat(r.get("maxJobMinutes").asInt()).isEqualTo(30);
        assertThat(r.get("nodeMtbfHours").asDouble()).isEqualTo(50.0);
        assertThat(r.get("eventsByKind").get("arrival").asLong()).isEqualTo(300);
        long sum = 0;
        for (JsonNode n : r.get("eventsByKind")) {
            sum += n.asLong();
        }
        assertThat(sum).isEqualTo(r.get("events").asLong());
    }

    @Test
    void wrongOptionsAreRefusedByName() {
        CliTest.Run preset = qm("bench", "simulator", "--preset", "huge");
        assertThat(preset.status()).isEqualTo(2);
        assertThat(preset.err()).contains("--preset must be scale or event-heavy, not 'huge'");
        CliTest.Run minutes = qm("bench", "simulator", "--job-minutes", "60-1");
        assertThat(minutes.status()).isEqualTo(2);
        assertThat(minutes.err()).contains("--job-minutes must be MIN-MAX");
        assertThat(qm("bench", "simulator", "--max-job-gpus", "0").err()).contains("--max-job-gpus must be at least 1");
    }

    @Test
    void engineBenchHashesItsDecisionsTheSameForTheSameSeed() throws IOException {
        String[] small = {"bench", "engine", "--gpus", "2048", "--pending", "3000", "--events", "3000", "--output", "json"};
        JsonNode first = json(qm(small));
        JsonNode again = json(qm(small));
        assertThat(first.get("incrementalPlacements").asInt()).isPositive();
        assertThat(first.get("incrementalDecisionsHash").asText()).matches("[0-9a-f]{16}")
                .isEqualTo(again.get("incrementalDecisionsHash").asText());
        // The incremental phase's work, counted: the same every run, a search at least for every placement.
        assertThat(first.get("incrementalWork")).isEqualTo(again.get("incrementalWork"));
        assertThat(first.get("incrementalWork").get("placementSearches").asLong())
                .isGreaterThanOrEqualTo(first.get("incrementalPlacements").asLong());
        String[] otherSeed = java.util.Arrays.copyOf(small, small.length + 2);
        otherSeed[small.length] = "--seed";
        otherSeed[small.length + 1] = "2";
        assertThat(json(qm(otherSeed)).get("incrementalDecisionsHash").asText())
                .isNotEqualTo(first.get("incrementalDecisionsHash").asText());
        assertThat(qm("bench", "engine", "--gpus", "2048", "--pending", "300", "--events", "300").out())
                .contains("decisions hash");
    }

    @Test
    void simulatorBenchFingerprintsWhatItSimulatedTheSameForTheSameSeed() throws IOException {
        String[] small = {"bench", "simulator", "--preset", "event-heavy", "--gpus", "512", "--workloads", "400", "--days",
                "0.5", "--output", "json"};
        JsonNode first = json(qm(small));
        JsonNode again = json(qm(small));
        assertThat(first.get("completed").asInt()).isPositive();
        assertThat(first.get("allocatedBytes").asLong()).as("what the simulating thread allocated").isPositive();
        assertThat(first.get("outcomeHash").asText()).matches("[0-9a-f]{16}").isEqualTo(again.get("outcomeHash").asText());
        // The engine's work, counted, is the same every run too, and as many cycles as the simulation asked for.
        assertThat(first.get("engineWork")).isEqualTo(again.get("engineWork"));
        assertThat(first.get("engineWork").get("cycles").asLong()).isEqualTo(first.get("cycles").asLong());
        assertThat(first.get("engineWork").get("placementSearches").asLong())
                .isGreaterThanOrEqualTo(first.get("completed").asLong());
        String[] otherSeed = java.util.Arrays.copyOf(small, small.length + 2);
        otherSeed[small.length] = "--seed";
        otherSeed[small.length + 1] = "2";
        assertThat(json(qm(otherSeed)).get("outcomeHash").asText()).isNotEqualTo(first.get("outcomeHash").asText());
    }

    @Test
    void aProfileRecordsTheMeasuredStretchAndSaysWhereItsTimeWent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path file = dir.resolve("engine.jfr");
        JsonNode r = json(qm("bench", "engine", "--gpus", "2048", "--pending", "3000", "--events", "20000", "--profile",
                file.toString(), "--output", "json"));
        assertThat(file).isNotEmptyFile();
        JsonNode profile = r.get("profile");
        int samples = profile.get("samples").asInt();
        assertThat(samples).isPositive();
        int sum = 0;
        for (JsonNode part : profile.get("parts")) {
            sum += part.get("samples").asInt();
        }
        assertThat(sum).as("every sample counts for one part").isEqualTo(samples);
        assertThat(profile.get("parts").findValuesAsText("part")).anyMatch(p -> p.startsWith("cycle: "));
        assertThat(profile.get("onTop").size()).isBetween(1, 12);

        CliTest.Run table = qm("bench", "simulator", "--gpus", "512", "--workloads", "300", "--days", "0.25", "--profile",
                dir.resolve("sim.jfr").toString());
        assertThat(table.status()).as(table.err()).isZero();
        assertThat(table.out()).contains("WHERE THE TIME WENT", "MOST OFTEN ON TOP", "recorded in " + dir.resolve("sim.jfr"));
        assertThat(qm("bench", "engine", "--gpus", "2048", "--pending", "300", "--events", "300").out())
                .doesNotContain("WHERE THE TIME WENT");
        CliTest.Run nowhere = qm("bench", "engine", "--profile", dir.resolve("no/such/folder/x.jfr").toString());
        assertThat(nowhere.status()).isEqualTo(2);
        assertThat(nowhere.err()).contains("--profile", "is not a folder this process may write in");
        CliTest.Run folder = qm("bench", "simulator", "--profile", dir.toString());
        assertThat(folder.status()).isEqualTo(2);
        assertThat(folder.err()).contains("is a folder; name a file");
    }

    @Test
    void warmUpRoundsGoFirstUnmeasuredAndTheFirstIsReportedAsCold() throws IOException {
        JsonNode engine = json(qm("bench", "engine", "--gpus", "2048", "--pending", "2000", "--events", "2000", "--warmup", "2",
                "--output", "json"));
        assertThat(engine.get("warmupRounds").asInt()).isEqualTo(2);
        assertThat(engine.get("firstRound").get("placementsPerSecond").asDouble()).isPositive();
        assertThat(engine.get("measuredRounds").size()).as("three measured rounds by default").isEqualTo(3);
        java.util.List<Double> rates = new java.util.ArrayList<>();
        engine.get("measuredRounds").forEach(rate -> rates.add(rate.asDouble()));
        java.util.Collections.sort(rates);
        assertThat(engine.get("placementsPerSecond").asDouble()).as("the median round's figures").isEqualTo(rates.get(1));
        JsonNode cold = json(qm("bench", "engine", "--gpus", "2048", "--pending", "2000", "--events", "2000", "--warmup", "0",
                "--output", "json"));
        assertThat(cold.get("firstRound").isNull()).isTrue();
        assertThat(cold.get("incrementalDecisionsHash").asText()).as("warm-up rounds change nothing that is decided")
                .isEqualTo(engine.get("incrementalDecisionsHash").asText());
        CliTest.Run table = qm("bench", "engine", "--gpus", "2048", "--pending", "300", "--events", "300", "--warmup", "1");
        assertThat(table.out()).contains("warm-up", "1 round before the measured ones; the first, cold:");
        assertThat(table.err()).contains("warm-up round 1 of 1 (not measured)");
        CliTest.Run simulator = qm("bench", "simulator", "--gpus", "512", "--workloads", "300", "--days", "0.25", "--warmup", "1");
        assertThat(simulator.status()).as(simulator.err()).isZero();
        assertThat(simulator.out()).contains("1 round before the measured ones; the first, cold:");
        assertThat(qm("bench", "engine", "--rounds", "0").err()).contains("--rounds at least 1");
        assertThat(qm("bench", "simulator", "--rounds", "0").err()).contains("--rounds at least 1");
        CliTest.Run negative = qm("bench", "engine", "--warmup", "-1");
        assertThat(negative.status()).isEqualTo(2);
        assertThat(negative.err()).contains("--warmup at least 0");
        assertThat(qm("bench", "simulator", "--warmup", "-2").err()).contains("--warmup at least 0");
    }

    private static JsonNode json(CliTest.Run run) throws IOException {
        assertThat(run.status()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }
}
