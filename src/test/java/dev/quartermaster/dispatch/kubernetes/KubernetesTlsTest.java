package dev.quartermaster.dispatch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An API server on https whose certificate the JVM's trust store does not vouch for: a backend's {@code caCert} does. */
class KubernetesTlsTest {

    private final MockApi api = new MockApi(true);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theBackendsCertificateAuthorityIsTrusted() {
        try (KubernetesClient client = KubernetesBackend.connect(api.url(), "ml", () -> "t0ken", api.certificate())) {
            assertThat(client.batch().v1().jobs().inNamespace("ml").list().getItems()).isEmpty();
        }
    }

    @Test
    void withoutItTheServerIsNotTrusted() {
        try (KubernetesClient client = KubernetesBackend.connect(api.url(), "ml", () -> "t0ken")) {
            assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace("ml").list())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasStackTraceContaining("certification path");
        }
    }

    @Test
    void aCertificateAuthorityThatCannotBeReadIsSaidPlainly() {
        assertThatThrownBy(() -> KubernetesBackend.connect(api.url(), "ml", () -> "t0ken", "/nope/ca.pem"))
                .hasMessage("cannot read /nope/ca.pem: no such file");
    }
}
