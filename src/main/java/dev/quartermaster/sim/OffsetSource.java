package dev.quartermaster.sim;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A source begun {@code offset} into its arrivals: workloads that arrive before {@code start + offset} are left out
 * (counted in {@link #skipped()} under {@code reason}), the others arrive {@code offset} earlier, so that the run's
 * first moment is the source's moment {@code start + offset}. For a trace whose busy part begins long after its first
 * arrival (Alibaba 2023's default pod list idles about 115 days), a run of the busy part alone.
 */
public final class OffsetSource extends ReadAheadSource {

    private final WorkloadSource source;
    private final Instant from;
    private final Duration offset;
    private final String reason;
    private int left;

    public OffsetSource(WorkloadSource source, Instant start, Duration offset, String reason) {
        this.source = requireNonNull(source, "source is null");
        this.offset = requireNonNull(offset, "offset is null");
        if (offset.isNegative()) {
            throw new IllegalArgumentException("offset must be 0 or more, not " + offset);
        }
        this.from = start.plus(offset);
        this.reason = requireNonNull(reason, "reason is null");
    }

    @Override
    protected Arrival read() {
        while (source.hasNext()) {
            Arrival next = source.next();
            if (!next.at().isBefore(from)) {
                return new Arrival(next.at().minus(offset), next.id(), next.workload());
            }
            left++;
        }
        return null;
    }

    /** The source's name and where the run begins in it: "philly (82,247 jobs) from 30 days in". */
    @Override
    public String name() {
        return source.name() + " from " + words(offset) + " in";
    }

    private static String words(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + (seconds == 86_400 ? " day" : " days");
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    @Override
    public Map<String, Integer> skipped() {
        if (left == 0) {
            return source.skipped();
        }
        Map<String, Integer> all = new LinkedHashMap<>(source.skipped());
        all.merge(reason, left, Integer::sum);
        return Collections.unmodifiableMap(all);
    }

    @Override
    public void close() {
        source.close();
    }
}
