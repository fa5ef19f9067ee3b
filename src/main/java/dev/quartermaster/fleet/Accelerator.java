package dev.quartermaster.fleet;

import static java.util.Objects.requireNonNull;

/**
 * A type of accelerator. {@code speed} is its relative speed against the fleet's reference type (1.0), used only by
 * normalized quotas; workloads state their own throughput per type.
 */
public record Accelerator(String name, String vendor, SoftwareStack runtime, int memoryGiB, double speed) {

    public static final Bounds MEMORY_GIB = Bounds.integers(1, 4096);
    public static final Bounds SPEED = Bounds.decimals(0.01, 100);

    public Accelerator {
        Names.check("name", name);
        Names.check("vendor", vendor);
        requireNonNull(runtime, "runtime is null");
        MEMORY_GIB.check("memoryGiB", memoryGiB);
        SPEED.check("speed", speed);
    }
}
