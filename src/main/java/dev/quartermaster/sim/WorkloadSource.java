package dev.quartermaster.sim;

import java.util.Iterator;

/**
 * Workloads in order of arrival, read lazily so that a trace of any length streams through in bounded memory. A
 * source that reads a file closes it when closed. {@link #skipped()} counts rows left out (lenient reading, or rows
 * that are not work for this simulator, such as CPU-only pods), by reason.
 */
public interface WorkloadSource extends Iterator<Arrival>, AutoCloseable {

    /** What this source is, for reports: "philly (82,247 jobs)". */
    String name();

    /** Rows left out so far, by reason (none, unless the source leaves rows out). */
    default java.util.Map<String, Integer> skipped() {
        return java.util.Map.of();
    }

    /** Closes what the source reads (nothing, unless it reads a file). */
    @Override
    default void close() {}
}
