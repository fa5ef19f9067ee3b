package dev.quartermaster.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quartermaster.fleet.Fleet;
import dev.quartermaster.fleet.NodePool;
import dev.quartermaster.fleet.PoolRef;
import dev.quartermaster.format.FleetWriter;
import dev.quartermaster.format.Loader;
import dev.quartermaster.sim.trace.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogImportTest {

    static List<Path> realFiles() throws IOException {
        Path dir = SharedData.file("data/gpu-catalog/aws.csv").getParent();
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
    }

    @Test
    void importsTheRealCatalogWithRowCountsAndReasons() throws IOException {
        CatalogImport catalog = CatalogImport.of(realFiles(), CatalogImport.Options.defaults());
        assertThat(catalog.files()).hasSize(21);
        // the data rows of the README's table: 664 + 993 + 187 + 374 + ... (21 files)
        assertThat(catalog.rowsRead()).isEqualTo(3_062);
        assertThat(catalog.rowsImported()).isEqualTo(2_716);
        assertThat(catalog.skipped()).containsExactly(
                java.util.Map.entry(CatalogReader.HOST_ROW, 305), // GCP's host VM rows
                java.util.Map.entry(CatalogReader.FRACTIONAL, 31), // AWS g6f: fractional L4s
                java.util.Map.entry(CatalogReader.NO_PRICE, 9),
                java.util.Map.entry(CatalogReader.NO_RUNTIME, 1)); // Gaudi 2
        FileReport gcp = catalog.files().stream().filter(f -> f.cloud().equals("gcp")).findFirst().orElseThrow();
        assertThat(gcp.rows()).isEqualTo(993);
        assertThat(gcp.imported()).isEqualTo(688);
        assertThat(gcp.adjusted()).containsEntry(CatalogReader.WITH_HOST, 250).containsEntry(CatalogReader.GPU_ONLY, 438);
        assertThat(catalog.pools()).hasSize(632 + 285);
    }

    @Test
    void gcpAddsTheHostVmOfTheZoneAndAwsDividesByTheGpus() throws IOException {
        CatalogImport catalog = CatalogImport.of(realFiles(), new CatalogImport.Options(Set.of("H100"),
                Set.of("us-central1", "us-east-1"), 512, 15, 10, 0.05));
        // README: a3-highgpu-8g us-central1-a = 33.60609 + 9.46006 for 8 H100; the x4 shape is the same per GPU
        CatalogPool gcp = pool(catalog, "gcp-us-central1", "h100-ondemand");
        assertThat(gcp.pricePerGpuHour()).isCloseTo((33.60609 + 9.46006) / 8, within(1e-4));
        // example fleet: p5.48xlarge us-east-1 Price 55.04 -> 6.88 (p5.4xlarge, 1 GPU, is the same per GPU or dearer)
        assertThat(pool(catalog, "aws-us-east-1", "h100-ondemand").pricePerGpuHour()).isLessThanOrEqualTo(6.88);
        assertThat(catalog.pools()).allMatch(p -> p.accelerator().equals("H100"));
        assertThat(catalog.skipped()).containsKey(CatalogReader.NOT_SELECTED_ACCELERATOR).containsKey(CatalogReader.NOT_SELECTED_REGION);
    }

    @Test
    void theFleetDocumentReadsBackAsTheSameFleet(@TempDir Path dir) throws IOException {
        CatalogImport catalog = CatalogImport.of(realFiles(), CatalogImport.Options.defaults());
        Fleet fleet = catalog.fleet();
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, FleetWriter.write(fleet));
        Loader.Loaded loaded = Loader.load(file, null);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.fleet()).isEqualTo(fleet);
        NodePool spot = loaded.fleet().site(new PoolRef("aws-us-east-1", "h100-spot")).orElseThrow().pool();
        assertThat(spot.isSpot()).isTrue();
        assertThat(spot.elastic()).isTrue();
        assertThat(spot.gpus()).isLessThanOrEqualTo(512);
    }

    @Test
    void findsColumnsByNameSkipsWhatItCannotPriceAndNamesAMissingColumn(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("neo.csv");
        Files.writeString(csv, """
                Region,Price,AcceleratorCount,InstanceType,SpotPrice,AcceleratorName,GpuInfo
                eu-1,16.0,8.0,big,,H100-SXM,"{'Gpus': [{'Count': 8, 'MemoryInfo': {'SizeInMiB': 81920}}]}"\r
                eu-1,2.5,1,small,1.0,H100,
                eu-1,,1,free,,H100,
                eu-1,1.0,0.5,half,,L4,
                eu-1,x,1,bad,,L4,
                """);
        CatalogImport catalog = CatalogImport.of(List.of(csv), CatalogImport.Options.defaults());
        assertThat(catalog.rowsRead()).isEqualTo(5);
        assertThat(catalog.rowsImported()).isEqualTo(2);
        assertThat(catalog.skipped()).containsEntry(CatalogReader.NO_PRICE, 1).containsEntry(CatalogReader.FRACTIONAL, 1)
                .containsEntry("malformed Price (not a number)", 1);
        assertThat(pool(catalog, "neo-eu-1", "h100-ondemand").pricePerGpuHour()).isEqualTo(2.0);
        assertThat(pool(catalog, "neo-eu-1", "h100-ondemand").gpusPerNode()).isEqualTo(8);
        assertThat(pool(catalog, "neo-eu-1", "h100-spot").pricePerGpuHour()).isEqualTo(1.0);
        assertThat(catalog.pools().get(0).tier()).isEqualTo(dev.quartermaster.fleet.Tier.SPECIALIZED);

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "InstanceType,AcceleratorName,Price\n");
        assertThatThrownBy(() -> CatalogImport.of(List.of(bad), CatalogImport.Options.defaults()))
                .hasMessageContaining("bad.csv:1: no column 'AcceleratorCount'");
    }

    private static CatalogPool pool(CatalogImport catalog, String cluster, String name) {
        return catalog.pools().stream().filter(p -> p.cluster().equals(cluster) && p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no pool " + cluster + "/" + name + " in " + catalog.pools()));
    }
}
