package dev.quartermaster.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Fair share's memory of past usage, kept across restarts: each team's GPU-hours of each accelerator type, decayed to
 * one instant. Soft state: losing it only makes every team start again from nothing.
 */
public final class UsageStore {

    /** The usage as of {@code asOf}, by team, then accelerator type. */
    public record Saved(Instant asOf, Map<String, Map<String, Double>> gpuHours) {}

    private final Jdbi jdbi;

    public UsageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Replaces what was kept. */
    public void save(Saved usage) {
        jdbi.useTransaction(h -> {
            h.execute("delete from fair_share_usage");
            var insert = h.prepareBatch("insert into fair_share_usage (team, accelerator, gpu_hours, as_of) values (:team, :type, :hours, :at)");
            int rows = 0;
            for (var team : usage.gpuHours().entrySet()) {
                for (var type : team.getValue().entrySet()) {
                    insert.bind("team", team.getKey()).bind("type", type.getKey()).bind("hours", type.getValue())
                            .bind("at", usage.asOf()).add();
                    rows++;
                }
            }
            if (rows > 0) {
                insert.execute();
            }
        });
    }

    /** What was kept last, if anything. */
    public Optional<Saved> load() {
        record Row(String team, String type, double hours, Instant at) {}
        List<Row> rows = jdbi.withHandle(h -> h.createQuery("select team, accelerator, gpu_hours, as_of from fair_share_usage order by 1, 2")
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getDouble(3), Rows.instant(rs, "as_of"))).list());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, Double>> gpuHours = new LinkedHashMap<>();
        rows.forEach(r -> gpuHours.computeIfAbsent(r.team(), t -> new LinkedHashMap<>()).put(r.type(), r.hours()));
        return Optional.of(new Saved(rows.get(0).at(), gpuHours));
    }
}
