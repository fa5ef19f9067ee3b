package dev.quartermaster.catalog;

/**
 * GCP prices a GPU VM as its accelerators plus a host VM (see the catalog's README): which host machine type goes
 * with an accelerator row. T4, V100, P100 and L4 attach to n1 and g2 hosts, which the catalog does not hold (null).
 */
final class GcpHosts {

    private GcpHosts() {}

    static String hostFor(String accelerator, int gpus) {
        return switch (accelerator) {
            case "A100" -> gpus == 16 ? "a2-megagpu-16g" : "a2-highgpu-" + gpus + "g";
            case "A100-80GB" -> "a2-ultragpu-" + gpus + "g";
            case "H100" -> "a3-highgpu-" + gpus + "g";
            case "H100-MEGA" -> "a3-megagpu-" + gpus + "g";
            case "H200" -> "a3-ultragpu-" + gpus + "g";
            case "B200" -> "a4-highgpu-" + gpus + "g";
            default -> null;
        };
    }
}
