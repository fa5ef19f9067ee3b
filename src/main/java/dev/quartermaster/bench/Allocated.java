package dev.quartermaster.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread has allocated so far (HotSpot's per-thread count): what the collector has to clean up sooner
 * or later, whether or not it ran while a benchmark's clock did, and unlike times the same from run to run.
 */
final class Allocated {

    private Allocated() {}

    static long byThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
