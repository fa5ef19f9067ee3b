package dev.quartermaster.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quartermaster.fleet.BackendConfig;
import dev.quartermaster.fleet.Cluster;
import dev.quartermaster.fleet.Secret;
import dev.quartermaster.workload.Launch;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackendFormatTest {

    private static String fleet(String backend) {
        return """
                accelerators: [{ name: H100, vendor: nvidia, runtime: cuda, memoryGiB: 80 }]
                providers:
                  - name: own
                    tier: in-house
                    clusters:
                      - name: slurm-a
                        region: us-west
                        backend: %s
                        pools: [{ name: h100, accelerator: H100, nodes: 1, gpusPerNode: 4, costPerGpuHour: 1 }]
                """.formatted(backend);
    }

    @Test
    void theLocalSlurmExampleNamesItsBackendAndWhereItsTokenIs() {
        Cluster cluster = Loader.fleet(Path.of("examples/fleet-local-slurm.yaml")).providers().get(0).clusters().get(0);
        BackendConfig backend = cluster.backendConfig().orElseThrow();
        assertThat(backend.type()).isEqualTo(BackendConfig.Type.SLURM);
        assertThat(backend.url()).isEqualTo("http://127.0.0.1:6820");
        assertThat(backend.partition()).isEqualTo("gpu");
        assertThat(backend.token()).isEqualTo(new Secret(Secret.Source.ENV, "SLURM_JWT"));
    }

    @Test
    void aFleetWrittenBackKeepsItsBackends() {
        var fleet = Loader.fleet(Path.of("examples/fleet-local-slurm.yaml"));
        Loader.Loaded again = Loader.load("fleet.yaml", FleetWriter.write(fleet), null);
        assertThat(again.problems()).isEmpty();
        assertThat(again.fleet()).isEqualTo(fleet);
    }

    @Test
    void anUnclosedJsonObjectSaysWhereItBegan() {
        Loader.Loaded loaded = Loader.load("w.json", "{\n  \"name\": \"w\",\n  \"gpus\": {\"a\": 1\n", null);
        assertThat(loaded.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("is not valid JSON", "it began at line 3, column 11").doesNotContain("Source"));
    }

    @Test
    void aTokenWrittenInlineIsRefused() {
        Loader.Loaded loaded = Loader.load("fleet.yaml", fleet("{ type: slurm, url: 'http://h:6820', partition: gpu, token: eyJhbGciOi }"), null);
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).endsWith("backend.token");
            assertThat(p.message()).contains("never the credential itself", "{ env: VARIABLE }");
        });
    }

    @Test
    void typeUrlAndPartitionAreChecked() {
        assertThat(Loader.load("fleet.yaml", fleet("{ type: lsf, url: 'http://h:6820', partition: gpu }"), null).problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("slurm", "kubernetes"));
        assertThat(Loader.load("fleet.yaml", fleet("{ type: slurm, url: 'ftp://h', partition: gpu }"), null).problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("http://"));
        assertThat(Loader.load("fleet.yaml", fleet("{ type: slurm, url: 'http://h:6820' }"), null).problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).endsWith("partition");
                    assertThat(p.message()).contains("is required for a Slurm backend");
                });
        assertThat(Loader.load("fleet.yaml", fleet("{ type: slurm, url: 'http://h:6820', partition: gpu, token: { env: A, file: /b } }"), null).problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("exactly one of env"));
    }

    @Test
    void aKubernetesBackendNamesTheCertificateAuthorityOfItsApiServer() {
        String kubernetes = "{ type: kubernetes, url: 'https://k8s:6443', namespace: ml, caCert: /etc/qm/k8s-ca.pem }";
        Loader.Loaded loaded = Loader.load("fleet.yaml", fleet(kubernetes), null);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.fleet().providers().get(0).clusters().get(0).backendConfig().orElseThrow().caCert())
                .isEqualTo("/etc/qm/k8s-ca.pem");
        Loader.Loaded again = Loader.load("fleet.yaml", FleetWriter.write(loaded.fleet()), null);
        assertThat(again.fleet()).isEqualTo(loaded.fleet());

        assertThat(Loader.load("fleet.yaml", fleet("{ type: kubernetes, url: 'http://k8s:8080', caCert: /ca.pem }"), null).problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).endsWith("backend.caCert");
                    assertThat(p.message()).contains("is for an https:// URL");
                });
        assertThat(Loader.load("fleet.yaml", fleet("{ type: slurm, url: 'https://h:6820', partition: gpu, caCert: /ca.pem }"), null)
                .problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("is for Kubernetes backends only"));
    }

    @Test
    void aWorkloadSaysWhatToRunAndTheEngineNeverSeesIt() {
        String doc = "{name: w, team: t, kind: batch, gpus: 1, accelerators: [H100], run: { command: 'python train.py', image: 'reg/train:1' }}";
        assertThat(Loader.launch("w.yaml", doc)).isEqualTo(new Launch("python train.py", "reg/train:1"));
        assertThat(Loader.launch("w.yaml", "{name: w, team: t, kind: batch, gpus: 1, accelerators: [H100]}")).isEqualTo(Launch.NONE);
        Loader.Loaded bad = Loader.load("w.yaml", "{name: w, team: t, kind: batch, gpus: 1, accelerators: [H100], run: { comand: x }}", null);
        assertThat(bad.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("did you mean 'command'"));
    }
}
