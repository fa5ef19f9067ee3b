package dev.quartermaster.catalog;

import dev.quartermaster.fleet.SoftwareStack;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog's accelerator names grouped as the catalog's README groups them: H100 covers its SXM, PCIe, NVLink and
 * MEGA variants, A100-80GB every 80 GB A100. Other names are kept, with characters a fleet name does not allow
 * replaced by '-'. Vendor, runtime and memory of the well-known types come from their data sheets; for the others the
 * importer reads the memory from the rows' {@code GpuInfo}.
 */
final class Accelerators {

    private Accelerators() {}

    /** Vendor, runtime and memory of a type. */
    record Spec(String vendor, SoftwareStack runtime, int memoryGiB) {}

    static final Map<String, Spec> KNOWN = Map.ofEntries(
            Map.entry("B300", new Spec("nvidia", SoftwareStack.CUDA, 288)),
            Map.entry("B200", new Spec("nvidia", SoftwareStack.CUDA, 192)),
            Map.entry("GH200", new Spec("nvidia", SoftwareStack.CUDA, 96)),
            Map.entry("H200", new Spec("nvidia", SoftwareStack.CUDA, 141)),
            Map.entry("H100", new Spec("nvidia", SoftwareStack.CUDA, 80)),
            Map.entry("A100-80GB", new Spec("nvidia", SoftwareStack.CUDA, 80)),
            Map.entry("A100", new Spec("nvidia", SoftwareStack.CUDA, 40)),
            Map.entry("L40S", new Spec("nvidia", SoftwareStack.CUDA, 48)),
            Map.entry("L40", new Spec("nvidia", SoftwareStack.CUDA, 48)),
            Map.entry("L4", new Spec("nvidia", SoftwareStack.CUDA, 24)),
            Map.entry("A10", new Spec("nvidia", SoftwareStack.CUDA, 24)),
            Map.entry("T4", new Spec("nvidia", SoftwareStack.CUDA, 16)),
            Map.entry("V100", new Spec("nvidia", SoftwareStack.CUDA, 16)),
            Map.entry("P100", new Spec("nvidia", SoftwareStack.CUDA, 16)),
            Map.entry("MI300X", new Spec("amd", SoftwareStack.ROCM, 192)));

    /** The type a catalog name counts as. */
    static String family(String catalogName) {
        String name = catalogName.trim();
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("H100")) {
            return "H100";
        }
        if (upper.startsWith("A100-80G")) {
            return "A100-80GB";
        }
        String clean = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-._]+|[-._]+$", "");
        return clean.length() > 63 ? clean.substring(0, 63) : clean;
    }

    /**
     * Vendor and runtime by name: AMD's Instinct and Radeon run ROCm, Intel's Gaudi none of the stacks a fleet knows
     * (null), everything else in the catalog is NVIDIA's and runs CUDA.
     */
    static Spec guess(String family, int memoryGiB) {
        Spec known = KNOWN.get(family);
        if (known != null) {
            return known;
        }
        String upper = family.toUpperCase(Locale.ROOT);
        if (upper.startsWith("GAUDI")) {
            return null;
        }
        boolean amd = upper.startsWith("MI") || upper.startsWith("RADEON");
        return new Spec(amd ? "amd" : "nvidia", amd ? SoftwareStack.ROCM : SoftwareStack.CUDA, Math.max(1, memoryGiB));
    }
}
