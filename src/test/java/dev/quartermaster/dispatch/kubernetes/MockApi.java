package dev.quartermaster.dispatch.kubernetes;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode, which can be made to answer 503 (an API server in trouble) and be
 * restarted on the same port with the same objects (which drops every watch).
 */
final class MockApi implements AutoCloseable {

    /** Held so that its level sticks: the mock server logs every request at INFO. */
    private static final java.util.logging.Logger QUIET = quiet();

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private volatile boolean broken;
    private KubernetesMockServer server;
    private final int port;
    private final boolean https;
    /** The self-signed certificate's PEM file, when on https: its own certificate authority. */
    private String certificate;

    MockApi() {
        this(false);
    }

    /** On https, with a self-signed certificate for localhost ({@link #certificate()}). */
    MockApi(boolean https) {
        this.https = https;
        server = start(0);
        port = server.getPort();
    }

    private KubernetesMockServer start(int port) {
        MockWebServer web = new MockWebServer();
        KubernetesMockServer started = new KubernetesMockServer(new Context(), web, new HashMap<>(), new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return broken
                        ? new MockResponse().setResponseCode(503).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"etcd is down\",\"code\":503}")
                        : crud.dispatch(request);
            }
        }, https);
        started.init(InetAddress.getLoopbackAddress(), port);
        if (https) {
            certificate = web.getSelfSignedCertificate().certificatePath();
        }
        return started;
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(MockWebServer.class.getName());
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    String url() {
        return https ? "https://localhost:" + port : "http://127.0.0.1:" + port;
    }

    String certificate() {
        return certificate;
    }

    /** A client for the test to look at and change what the API server holds. */
    NamespacedKubernetesClient client() {
        return server.createClient();
    }

    void broken(boolean broken) {
        this.broken = broken;
    }

    /** Stops the server and starts it again on the same port with the same objects: open watches are lost. */
    void restart() {
        server.destroy();
        server = start(port);
    }

    @Override
    public void close() {
        server.destroy();
    }
}
