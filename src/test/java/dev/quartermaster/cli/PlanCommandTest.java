package dev.quartermaster.cli;

import static dev.quartermaster.cli.CliTest.qm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartermaster.sim.trace.SharedData;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

class PlanCommandTest {

    static final String FLEET = Path.of("examples/fleet.yaml").toAbsolutePath().toString().replace('\\', '/');

    static Path plan(Path dir, String extra) throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                fleet: %s
                bucketHours: 24
                horizonDays: 7
                demand: { team: planners, accelerators: { H100: 1.0 } }
                offers:
                  - name: gpu-cloud-h100
                    provider: gpu-cloud
                    region: eu-north
                    accelerator: H100
                    maxGpus: 2048
                    terms: [{ months: 12, pricePerGpuHour: 0.50 }]
                %s
                """.formatted(FLEET, extra));
        return plan;
    }

    @Test
    void plansChecksBySimulationAndWritesJsonAndAWellFormedReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("plan.html");
        Path fleetOut = dir.resolve("planned-fleet.yaml");
        CliTest.Run run = qm("plan", plan(dir, "").toString(), "--synthetic", "200", "--jobs-per-hour", "5", "-o", "json",
                "--sensitivity-points", "1", "--report", report.toString(), "--fleet-out", fleetOut.toString());
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(run.out());
        // at $0.50 a GPU-hour the commitment is cheaper than even the owned H100s ($1.10): the LP takes it
        assertThat(result.at("/portfolio/choices/0/offer").asText()).isEqualTo("gpu-cloud-h100");
        assertThat(result.at("/portfolio/choices/0/gpus").asInt()).isPositive();
        assertThat(result.at("/simulation/summary/submitted").asInt()).isPositive();
        assertThat(result.at("/buckets").asInt()).isEqualTo(7);
        assertThat(result.at("/sensitivity/points").size()).isGreaterThan(2);
        assertThat(result.has("gap")).isTrue();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        var page = factory.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(report))));
        assertThat(page.getElementsByTagName("svg").getLength()).isGreaterThan(3);
        assertThat(Files.readString(report)).contains("Portfolio").contains("Sensitivity to gpu-cloud-h100");
        assertThat(qm("validate", fleetOut.toString()).status()).isZero();
        assertThat(Files.readString(fleetOut)).contains("commit-gpu-cloud-h100").contains("name: planners");
    }

    @Test
    void anInfeasibleBudgetExitsOneNamingIt(@TempDir Path dir) throws Exception {
        CliTest.Run run = qm("plan", plan(dir, "budget: 1000").toString(), "--synthetic", "50", "--sensitivity-points", "0");
        assertThat(run.status()).isEqualTo(Main.INVALID);
        assertThat(run.err()).contains("qm plan: infeasible: budget: the cheapest portfolio").contains("more than the budget of $1000.00");
    }

    @Test
    void badPlansExitOneWithTheFieldAndBadCommandLinesTwo(@TempDir Path dir) throws Exception {
        CliTest.Run run = qm("plan", plan(dir, "maxProviderShare: 2\nbudgett: 5").toString(), "--synthetic", "10");
        assertThat(run.status()).isEqualTo(Main.INVALID);
        assertThat(run.err()).contains("maxProviderShare: must be").contains("budgett: unknown field 'budgett' (did you mean 'budget'?)");
        Path unknown = dir.resolve("unknown.yaml");
        Files.writeString(unknown, Files.readString(plan(dir, "")).replace("accelerator: H100", "accelerator: H900"));
        CliTest.Run typo = qm("plan", unknown.toString(), "--synthetic", "10");
        assertThat(typo.status()).isEqualTo(Main.INVALID);
        assertThat(typo.err()).contains("offers[0].accelerator: unknown accelerator 'H900'");
        assertThat(qm("plan", plan(dir, "").toString()).status()).isEqualTo(Main.USAGE); // no source
        assertThat(qm("plan", plan(dir, "").toString(), "--synthetic", "10", "--sensitivity-points", "-1").status()).isEqualTo(Main.USAGE);
        CliTest.Run nowhere = qm("plan", plan(dir, "").toString(), "--synthetic", "10", "--fleet-out",
                dir.resolve("no/such/folder/fleet.yaml").toString());
        assertThat(nowhere.status()).isEqualTo(Main.USAGE);
        assertThat(nowhere.err()).contains("qm plan: --fleet-out ").contains("is not a folder this process may write in");
        CliTest.Run folder = qm("plan", plan(dir, "").toString(), "--synthetic", "10", "--report", dir.toString());
        assertThat(folder.status()).isEqualTo(Main.USAGE);
        assertThat(folder.err()).contains("--report " + dir + " is a folder");
    }

    @Test
    void theExamplePlanOnTheRealPhillyTrace() throws Exception {
        Path philly = SharedData.file("traces/philly/philly_jobs_pollux.csv").getParent();
        CliTest.Run run = qm("plan", "examples/plan.yaml", "--philly", philly.toString(), "--sensitivity-points", "0");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("x8 +8%/month").contains("CHECK").contains("cost over the plan")
                .contains("nebius-h200").contains("Sensitivity to nebius-h200")
                .contains("team frontier").contains("kind fine-tuning").contains("restricted x8/node")
                .containsPattern("(?m)^research +[0-9.]+ +4.00 +[0-9.]+ +24.00 +(yes|NO)$")
                .contains("GPU-hours redoing work lost");
    }
}
