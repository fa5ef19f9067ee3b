package dev.quartermaster.fleet;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The cluster manager that runs a cluster's work: Slurm (through slurmrestd) or Kubernetes; a cluster without one
 * runs on the simulated backend.
 *
 * @param partition the Slurm partition (Slurm only)
 * @param namespace the Kubernetes namespace (Kubernetes only)
 * @param user the Slurm user jobs run as (Slurm only)
 * @param token where the credential is read from, or null when none is needed
 * @param caCert a PEM file of the certificate authority that signed the API server's certificate, for an https:// URL
 *     that the JVM's trust store does not vouch for (Kubernetes only; null: the trust store decides)
 */
public record BackendConfig(Type type, String url, String partition, String namespace, String user, Secret token,
        String caCert) {

    /** Without a certificate authority of its own. */
    public BackendConfig(Type type, String url, String partition, String namespace, String user, Secret token) {
        this(type, url, partition, namespace, user, token, null);
    }

    /** Which cluster manager. */
    public enum Type {
        SLURM, KUBERNETES;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern URL = Pattern.compile("https?://[^\\s/?#]+(/[^\\s]*)?");

    public BackendConfig {
        if (type == null) {
            throw new InvalidFieldException("type", "must be slurm or kubernetes");
        }
        if (url == null || !URL.matcher(url).matches()) {
            throw new InvalidFieldException("url", "must be an http:// or https:// URL, not " + url);
        }
        if (type == Type.SLURM && (partition == null || partition.isBlank())) {
            throw new InvalidFieldException("partition", "is required for a Slurm backend");
        }
        if (type != Type.SLURM && (partition != null || user != null)) {
            throw new InvalidFieldException(partition != null ? "partition" : "user", "is for Slurm backends only");
        }
        if (type != Type.KUBERNETES && namespace != null) {
            throw new InvalidFieldException("namespace", "is for Kubernetes backends only");
        }
        if (caCert != null && type != Type.KUBERNETES) {
            throw new InvalidFieldException("caCert", "is for Kubernetes backends only (slurmrestd's certificate authority goes"
                    + " in the JVM's trust store)");
        }
        if (caCert != null && (caCert.isBlank() || !url.startsWith("https://"))) {
            throw new InvalidFieldException("caCert", caCert.isBlank() ? "must be the path of a PEM file"
                    : "is for an https:// URL, not " + url);
        }
    }
}
