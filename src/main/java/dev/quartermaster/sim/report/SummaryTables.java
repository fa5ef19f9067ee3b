package dev.quartermaster.sim.report;

import static dev.quartermaster.sim.report.Html.count;
import static dev.quartermaster.sim.report.Html.dollars;
import static dev.quartermaster.sim.report.Html.escape;
import static dev.quartermaster.sim.report.Html.number;
import static dev.quartermaster.sim.report.Html.percent;
import static dev.quartermaster.sim.report.Html.price;

import dev.quartermaster.sim.Summary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The report's tables: the numbers the terminal shows, and the cost by tier, provider and team. */
final class SummaryTables {

    private SummaryTables() {}

    static List<String> all(Summary s) {
        return List.of(overview(s), times(s), tiers(s), pools(s),
                breakdown("Cost by provider", "provider", s.costByProvider(), s.cost()),
                breakdown("Cost by team", "team", s.costByTeam(), s.cost()));
    }

    static String overview(Summary s) {
        Table t = new Table("Summary", "measure", "value");
        t.cssClass = "summary";
        t.row("workloads", count(s.submitted()) + " submitted, " + count(s.completed()) + " completed, " + count(s.rejected())
                + " rejected, " + count(s.unfinished()) + " unfinished");
        t.row("makespan", number(s.makespanHours(), 1) + " h");
        t.row("GPU-hours", number(s.gpuHours(), 0) + " (" + number(s.lostGpuHours(), 0) + " lost, " + count(s.preemptions())
                + " preemptions)");
        t.row("cost", dollars(s.cost()) + ", " + price(s.costPerUsefulGpuHour()) + " per useful GPU-hour");
        t.row("commitments", s.anyCommitment()
                ? percent(s.committedUtilization()) + " used, " + dollars(s.idleCommittedDollars()) + " idle"
                : "none (no contract was active)");
        t.row("fairness (Jain, teams)", number(s.fairness(), 3));
        t.row("speed", count(s.events()) + " events in " + number(s.wallSeconds(), 2) + " s (" + number(s.eventsPerSecond(), 0)
                + " per second)");
        return t.render();
    }

    static String times(Summary s) {
        Table t = new Table("Job completion and wait time (hours)", "", "count", "mean", "p50", "p95", "p99", "max");
        stats(t, "job completion time", s.jctHours());
        stats(t, "wait before first start", s.waitHours());
        stats(t, "slowdown (JCT / best run alone, no unit)", s.slowdown());
        return t.render();
    }

    private static void stats(Table t, String name, Summary.Stats st) {
        t.row(name, count(st.count()), number(st.mean(), 2), number(st.p50(), 2), number(st.p95(), 2), number(st.p99(), 2),
                number(st.max(), 2));
    }

    /** Cost and utilization of fixed pools per tier, for every tier that has either. */
    static String tiers(Summary s) {
        Set<String> tiers = new LinkedHashSet<>();
        for (String tier : List.of("in-house", "specialized", "hyperscaler")) {
            if (s.costByTier().containsKey(tier) || s.tierUtilization().containsKey(tier)) {
                tiers.add(tier);
            }
        }
        tiers.addAll(s.costByTier().keySet());
        tiers.addAll(s.tierUtilization().keySet());
        Table t = new Table("Cost and utilization by tier", "tier", "cost", "share of cost", "utilization of fixed pools");
        for (String tier : tiers) {
            double cost = s.costByTier().getOrDefault(tier, 0.0);
            Double utilization = s.tierUtilization().get(tier);
            t.row(tier, dollars(cost), share(cost, s.cost()), utilization == null ? "- (elastic only)" : bar(utilization));
        }
        return t.render();
    }

    static String pools(Summary s) {
        Table t = new Table("Utilization by pool", "pool", "GPUs in use / up, mean over the run");
        s.poolUtilization().forEach((pool, utilization) -> t.row(pool, bar(utilization)));
        return t.render();
    }

    static String breakdown(String caption, String what, Map<String, Double> costs, double total) {
        Table t = new Table(caption, what, "cost", "share of cost");
        costs.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> t.row(e.getKey(), dollars(e.getValue()), share(e.getValue(), total)));
        return t.render();
    }

    private static Cell share(double part, double total) {
        return bar(total <= 0 ? 0 : part / total);
    }

    /** A percentage with a bar as long as it, capped at 100%. */
    private static Cell bar(double fraction) {
        double width = Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) * 100 : 0;
        return new Cell("<span class=\"bar\"><span style=\"width:" + Html.coord(width) + "%\"></span></span>"
                + escape(percent(fraction)));
    }

    /** A cell whose HTML is already made (and escaped). */
    private record Cell(String html) {}

    /** An HTML table with a caption and a header row; text cells are escaped, the first column is a row header. */
    static final class Table {
        private final String caption;
        private final String[] header;
        private final List<Object[]> rows = new ArrayList<>();
        private String cssClass;

        Table(String caption, String... header) {
            this.caption = caption;
            this.header = header;
        }

        void row(Object... cells) {
            rows.add(cells);
        }

        String render() {
            StringBuilder html = new StringBuilder(cssClass == null ? "<table>" : "<table class=\"" + cssClass + "\">")
                    .append("\n<caption>").append(escape(caption)).append("</caption>\n<thead><tr>");
            for (String h : header) {
                html.append("<th scope=\"col\">").append(escape(h)).append("</th>");
            }
            html.append("</tr></thead>\n<tbody>\n");
            if (rows.isEmpty()) {
                html.append("<tr><td colspan=\"").append(header.length).append("\" class=\"empty\">none</td></tr>\n");
            }
            for (Object[] row : rows) {
                html.append("<tr>");
                for (int i = 0; i < row.length; i++) {
                    String content = row[i] instanceof Cell c ? c.html() : escape(String.valueOf(row[i]));
                    if (i == 0) {
                        html.append("<th scope=\"row\">").append(content).append("</th>");
                    } else {
                        html.append(row.length > 2 ? "<td class=\"num\">" : "<td>").append(content).append("</td>");
                    }
                }
                html.append("</tr>\n");
            }
            return html.append("</tbody>\n</table>").toString();
        }
    }
}
