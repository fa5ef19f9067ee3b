package dev.quartermaster.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/** Questions asked of the ledger: cost by team, provider, tier or pool over a time range; GPU-hours by pool. */
public final class CostStore {

    /** What cost can be grouped by. */
    public enum By {
        TEAM("team"), PROVIDER("provider"), TIER("tier"), POOL("pool"), ACCELERATOR("accelerator");

        private final String column;

        By(String column) {
            this.column = column;
        }

        public static By parse(String text) {
            for (By by : values()) {
                if (by.name().equalsIgnoreCase(text)) {
                    return by;
                }
            }
            throw new IllegalArgumentException("by must be one of team, provider, tier, pool, accelerator, not '" + text + "'");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One group's total: dollars, GPU-hours, and runs. */
    public record Line(String key, double dollars, double gpuHours, long runs) {}

    private final Jdbi jdbi;

    public CostStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs that ended in [{@code from}, {@code to}), grouped; either bound may be null. Largest cost first. */
    public List<Line> cost(By by, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("select " + by.column + " as key, sum(dollars), sum(gpu_hours), count(*) from ledger"
                        + " where (cast(:from as timestamptz) is null or ended_at >= :from) and (cast(:to as timestamptz) is null or ended_at < :to)"
                        + " group by " + by.column + " order by 2 desc, 1")
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> new Line(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4))).list());
    }

    /** GPU-hours used in a pool from {@code from} on (runs that ended since), for commitment burn-down. */
    public double gpuHours(String pool, Instant from) {
        return jdbi.withHandle(h -> h.createQuery("select coalesce(sum(gpu_hours), 0) from ledger where pool = :pool and ended_at >= :from")
                .bind("pool", pool).bind("from", from).mapTo(Double.class).one());
    }
}
