package dev.quartermaster.cli;

import static dev.quartermaster.cli.CliTest.qm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartermaster.sim.trace.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommandTest {

    @Test
    void importsTheRealCatalogIntoAFleetDocumentThatValidates(@TempDir Path dir) throws Exception {
        Path catalog = SharedData.file("data/gpu-catalog/aws.csv").getParent();
        Path out = dir.resolve("pools.yaml");
        CliTest.Run run = qm("catalog", "import", catalog.toString(), "--accelerators", "H100,H200,B200", "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Read 3,062 rows of 21 file(s)").contains("fractional GPUs per instance")
                .contains("Fleet document: " + out);
        assertThat(qm("validate", out.toString()).status()).isZero();

        CliTest.Run json = qm("catalog", "import", catalog.resolve("gcp.csv").toString(), "-o", "json");
        JsonNode view = new ObjectMapper().readTree(json.out());
        assertThat(view.get("rowsRead").asInt()).isEqualTo(993);
        assertThat(view.get("skipped").get("host VM row, no accelerator (GCP: its price is added to the accelerator rows of its zone)")
                .asInt()).isEqualTo(305);
    }

    @Test
    void badInputExitsOneAndBadOptionsTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("x.csv");
        Files.writeString(bad, "Name,Price\n");
        CliTest.Run run = qm("catalog", "import", bad.toString());
        assertThat(run.status()).isEqualTo(Main.INVALID);
        assertThat(run.err()).contains("x.csv:1: no column 'InstanceType'");
        assertThat(qm("catalog", "import", dir.resolve("missing.csv").toString()).status()).isEqualTo(Main.INVALID);
        assertThat(qm("catalog", "import", bad.toString(), "--max-gpus", "0").status()).isEqualTo(Main.USAGE);
        assertThat(qm("catalog", "import").status()).isEqualTo(Main.USAGE);
        CliTest.Run nowhere = qm("catalog", "import", bad.toString(), "--out", dir.resolve("no/such/pools.yaml").toString());
        assertThat(nowhere.status()).isEqualTo(Main.USAGE);
        assertThat(nowhere.err()).contains("--out ").contains("is not a folder this process may write in")
                .doesNotContain("no column");   // refused before reading
    }
}
