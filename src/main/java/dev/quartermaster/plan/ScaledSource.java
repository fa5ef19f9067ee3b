package dev.quartermaster.plan;

import dev.quartermaster.sim.Arrival;
import dev.quartermaster.sim.WorkloadSource;
import dev.quartermaster.workload.DataClass;
import dev.quartermaster.workload.Work;
import dev.quartermaster.workload.Workload;
import dev.quartermaster.workload.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A workload source as a plan's demand sees it: arrivals before the horizon only, each counted as many times as the
 * scale and the growth say at its arrival ({@code scale * (1 + growthPerMonth)^months}, a month being 30.44 days;
 * the fraction is a copy or not, decided by a hash of the id so that the same plan gives the same demand), optionally
 * made to accept other accelerator types (the work kept: as a duration at speed 1.0) and split between teams: each
 * copy goes to one share of the split, drawn by another hash of its id, and takes its team, kind and data class.
 * Copies have the id {@code <id>-c<k>}.
 */
public final class ScaledSource implements WorkloadSource {

    public static final double DAYS_PER_MONTH = 30.44;

    private final WorkloadSource source;
    private final DemandSpec spec;
    private final Instant start;
    private final Instant horizon;
    private final ArrayDeque<Arrival> ahead = new ArrayDeque<>();
    private int read;
    private int made;
    private boolean ended;

    /** @param horizon arrivals at or after it are left out; null for none */
    public ScaledSource(WorkloadSource source, DemandSpec spec, Instant start, Instant horizon) {
        this.source = source;
        this.spec = spec;
        this.start = start;
        this.horizon = horizon;
    }

    /** How many times a workload arriving at {@code at} counts, on average. */
    public double factor(Instant at) {
        double months = Math.max(0, Duration.between(start, at).toMillis() / 86_400_000.0 / DAYS_PER_MONTH);
        return spec.scale() * Math.pow(1 + spec.growthPerMonth(), months);
    }

    @Override
    public String name() {
        String scaled = spec.scale() == 1 && spec.growthPerMonth() == 0 ? ""
                : String.format(java.util.Locale.ROOT, " x%s%s", trim(spec.scale()),
                        spec.growthPerMonth() == 0 ? "" : String.format(java.util.Locale.ROOT, " +%s%%/month", trim(100 * spec.growthPerMonth())));
        return source.name() + scaled;
    }

    private static String trim(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    @Override
    public Map<String, Integer> skipped() {
        return source.skipped();
    }

    /** Arrivals read from the source and arrivals given out (copies included). */
    public int read() {
        return read;
    }

    public int made() {
        return made;
    }

    @Override
    public boolean hasNext() {
        while (ahead.isEmpty() && !ended && source.hasNext()) {
            Arrival next = source.next();
            if (horizon != null && !next.at().isBefore(horizon)) {
                ended = true; // arrivals come in order: none after this one is inside the horizon
                break;
            }
            read++;
            double f = factor(next.at());
            int copies = (int) Math.floor(f) + (unit(next.id()) < f - Math.floor(f) ? 1 : 0);
            Workload w = retarget(next.workload());
            Workload[] byShare = new Workload[spec.split().size()];
            for (int k = 0; k < copies; k++) {
                String id = k == 0 ? next.id() : next.id() + "-c" + k;
                ahead.add(new Arrival(next.at(), id, assign(w, id, byShare)));
            }
        }
        return !ahead.isEmpty();
    }

    @Override
    public Arrival next() {
        if (!hasNext()) {
            throw new NoSuchElementException(name() + " has no more arrivals");
        }
        made++;
        return ahead.poll();
    }

    /** A number in [0, 1) from an id, the same every run. */
    static double unit(String id) {
        long h = id.hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (h >>> 11) * 0x1.0p-53;
    }

    /** The workload on the plan's accelerator types, its work kept as a duration at speed 1.0. */
    private Workload retarget(Workload w) {
        if (spec.accelerators().isEmpty()) {
            return w;
        }
        Work work = w.work();
        if (work != null) {
            long millis = Math.max(1, Math.min(Work.LONGEST.toMillis(), Math.round(w.referenceHours() * 3_600_000.0)));
            work = new Work.Estimate(Duration.ofMillis(millis));
        }
        return new Workload(w.name(), w.team(), w.kind(), w.priority(), w.dataClass(), w.gpus(), w.gpusPerNode(), spec.accelerators(),
                null, w.topology(), work, w.checkpointInterval(), w.regions(), w.replicas(), w.latencyTarget(), w.deadline());
    }

    /** The copy {@code id} of {@code w} as its share of the split has it; {@code byShare} keeps those made for one arrival. */
    private Workload assign(Workload w, String id, Workload[] byShare) {
        if (byShare.length == 0) {
            return w;
        }
        DemandShare share = spec.share(unit(id + "/split"));
        int i = spec.split().indexOf(share);
        if (byShare[i] == null) {
            boolean service = w.work() == null || w.replicas() > 1;
            WorkloadKind kind = share.kind() == null || service ? w.kind() : share.kind();
            DataClass data = share.dataClass() == null ? w.dataClass() : share.dataClass();
            byShare[i] = new Workload(w.name(), share.team(), kind, w.priority(), data, w.gpus(), w.gpusPerNode(), w.accelerators(),
                    w.runtime(), w.topology(), w.work(), w.checkpointInterval(), w.regions(), w.replicas(), w.latencyTarget(), w.deadline());
        }
        return byShare[i];
    }

    @Override
    public void close() {
        source.close();
    }
}
