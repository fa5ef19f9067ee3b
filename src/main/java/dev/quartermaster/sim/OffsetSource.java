package dev.quartermaster.sim;

import static java.util.Objects.requireNonNull;

import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A source begun {@code offset} into its arrivals, so that the run's first moment is the source's moment
 * {@code start + offset}: the workloads that arrive later arrive {@code offset} earlier; those that arrived before and
 * would still be running then (taken to have started when they arrived) arrive first, at the run's start, with the
 * work they had left, so that the run begins with the work in flight rather than an empty fleet; the others are left
 * out (counted in {@link #skipped()} under {@code reason}). For a trace whose busy part begins long after its first
 * arrival (Alibaba 2023's default pod list idles about 115 days), a run of the busy part alone.
 */
public final class OffsetSource extends ReadAheadSource {

    private final WorkloadSource source;
    private final Instant from;
    private final Duration offset;
    private final String reason;
    private int left;
    private final java.util.ArrayDeque<Arrival> inFlight = new java.util.ArrayDeque<>();
    private Arrival firstAfter;
    private boolean readPast;
    private int carried;

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
        if (!readPast) {
            readPast = true;
            while (source.hasNext()) {
                Arrival next = source.next();
                if (!next.at().isBefore(from)) {
                    firstAfter = shifted(next);
                    break;
                }
                Workload rest = workLeft(next, from);
                if (rest == null) {
                    left++;
                } else {
                    inFlight.add(new Arrival(from.minus(offset), next.id(), onRunClock(rest)));
                    carried++;
                }
            }
        }
        if (!inFlight.isEmpty()) {
            return inFlight.poll();
        }
        if (firstAfter != null) {
            Arrival first = firstAfter;
            firstAfter = null;
            return first;
        }
        return source.hasNext() ? shifted(source.next()) : null;
    }

    private Arrival shifted(Arrival a) {
        return new Arrival(a.at().minus(offset), a.id(), onRunClock(a.workload()));
    }

    /** The workload with its deadline, if it has one, moved {@code offset} earlier as its arrival is. */
    private Workload onRunClock(Workload w) {
        return w.deadline() == null ? w : w.withDeadline(w.deadline().minus(offset));
    }

    /**
     * The workload as it stands at {@code at} if it arrived before and, started on arrival at speed 1.0, would still be
     * running then: the same workload with the work it has left (a service, all of it); null when it would have ended.
     */
    static Workload workLeft(Arrival a, Instant at) {
        Workload w = a.workload();
        double hours = w.referenceHours();
        if (Double.isInfinite(hours)) {
            return w;
        }
        double done = Duration.between(a.at(), at).toMillis() / 3_600_000.0;
        double rest = hours - done;
        if (rest * 3600 < 1) {
            return null;
        }
        Work work = switch (w.work()) {
            case Work.GpuHours gh -> new Work.GpuHours(gh.gpuHours() * rest / hours, gh.on());
            case Work.Estimate e -> new Work.Estimate(Duration.ofMillis(Math.max(1000, (long) (rest * 3_600_000))));
        };
        return w.withWork(work);
    }

    /** Workloads that were in flight at the start and arrive first, with the work they had left. */
    public int carried() {
        return carried;
    }

    /**
     * The source's name and where the run begins in it: "philly (82,247 jobs) from 30 days in (412 in flight carried
     * in)", the count once the arrivals before the start have been read.
     */
    @Override
    public String name() {
        return source.name() + " from " + words(offset) + " in"
                + (carried == 0 ? "" : String.format(" (%,d in flight carried in)", carried));
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
