package dev.quartermaster.sim.report;

import static dev.quartermaster.sim.report.Html.count;
import static dev.quartermaster.sim.report.Html.dollars;
import static dev.quartermaster.sim.report.Html.escape;
import static dev.quartermaster.sim.report.Html.number;
import static dev.quartermaster.sim.report.Html.percent;
import static dev.quartermaster.sim.report.Html.price;

import dev.quartermaster.sim.Summary;
import java.io.IOException;
import java.io.Writer;

/**
 * A simulation's summary as one self-contained HTML page: inline CSS and inline SVG charts, no script and nothing
 * fetched, so it opens offline. Written as well-formed XHTML-compatible HTML (every element closed, only XML's own
 * entities), and deterministic: the same summary gives the same bytes.
 */
public final class HtmlReport {

    private HtmlReport() {}

    public static void write(Summary summary, Writer out) throws IOException {
        out.write(render(summary));
        out.flush();
    }

    public static String render(Summary s) {
        String heading = "Simulation of " + s.source();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(escape("Quartermaster: " + heading + ", policy " + s.policy())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n<header>\n")
                .append("<h1>").append(escape(heading)).append("</h1>\n")
                .append("<p class=\"meta\">policy <b>").append(escape(s.policy())).append("</b> \u00b7 seed <b>").append(s.seed())
                .append("</b> \u00b7 ").append(count(s.submitted())).append(" workloads \u00b7 ")
                .append(escape(number(s.makespanHours(), 1))).append(" simulated hours</p>\n</header>\n");
        kpis(html, s);
        html.append("<section class=\"charts\" aria-label=\"charts\">\n");
        for (String chart : SummaryCharts.all(s)) {
            html.append("<figure>\n").append(chart).append("\n</figure>\n");
        }
        html.append("</section>\n<section class=\"tables\" aria-label=\"tables\">\n");
        for (String table : SummaryTables.all(s)) {
            html.append("<div class=\"card\">\n").append(table).append("\n</div>\n");
        }
        return html.append("</section>\n<footer>Hours are hours of simulated time. Cost is what the work was billed,"
                + " committed capacity at its contract price; idle committed dollars are what the unused part of the"
                + " commitments cost on top. The cost rate chart counts commitments whether used or not. Commitment use, in"
                + " the chart and the summary, counts the committed GPUs that any work occupies. Utilization counts fixed"
                + " pools only: elastic pools are bought by the hour.</footer>\n</main>\n</body>\n</html>\n").toString();
    }

    /** The headline numbers as cards. */
    private static void kpis(StringBuilder html, Summary s) {
        html.append("<section class=\"kpis\" aria-label=\"headline numbers\">\n");
        kpi(html, "completed", count(s.completed()), "of " + count(s.submitted()) + "; " + count(s.rejected()) + " rejected, "
                + count(s.unfinished()) + " unfinished");
        kpi(html, "mean JCT", number(s.jctHours().mean(), 2) + " h", "p95 " + number(s.jctHours().p95(), 2) + " h");
        kpi(html, "mean wait", number(s.waitHours().mean(), 2) + " h", "p95 " + number(s.waitHours().p95(), 2) + " h");
        kpi(html, "makespan", number(s.makespanHours(), 1) + " h", number(s.gpuHours(), 0) + " GPU-hours");
        kpi(html, "cost", dollars(s.cost()), price(s.costPerUsefulGpuHour()) + " per useful GPU-hour");
        if (s.anyCommitment()) {
            kpi(html, "commitments used", percent(s.committedUtilization()), dollars(s.idleCommittedDollars()) + " idle");
        } else {
            kpi(html, "commitments", "none", "no contract was active");
        }
        kpi(html, "fairness", number(s.fairness(), 3), "Jain's index over teams");
        html.append("</section>\n");
    }

    private static void kpi(StringBuilder html, String label, String value, String detail) {
        html.append("<div class=\"kpi\"><div class=\"label\">").append(escape(label)).append("</div><div class=\"value\">")
                .append(escape(value)).append("</div><div class=\"detail\">").append(escape(detail)).append("</div></div>\n");
    }

    static final String CSS = """
            :root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --card: #ffffff; --bg: #f4f6f9; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--ink);
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 40px; }
            h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
            .meta { margin: 0 0 18px; color: var(--muted); }
            .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 18px; }
            .kpi, figure, .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
            .kpi { padding: 10px 14px; }
            .kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .kpi .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .kpi .detail { color: var(--muted); font-size: 12px; }
            .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; margin-bottom: 18px; }
            figure { margin: 0; padding: 8px; }
            svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
            svg .chart-title { font-size: 16px; font-weight: 600; fill: var(--ink); }
            svg .legend text { font-size: 12px; fill: var(--ink); }
            svg .tick { font-size: 11px; fill: var(--muted); font-variant-numeric: tabular-nums; }
            svg .tick.y { text-anchor: end; }
            svg .tick.x, svg .axis-label, svg .note { text-anchor: middle; }
            svg .axis-label { font-size: 12px; fill: var(--muted); }
            svg .note { font-size: 14px; fill: var(--muted); }
            svg .grid { stroke: #e8ebf0; stroke-width: 1; }
            svg .frame { stroke: #8a93a3; stroke-width: 1; }
            svg .line { fill: none; stroke-width: 2; stroke-linejoin: round; }
            svg .line.dashed { stroke-dasharray: 6 4; stroke-width: 1.5; }
            svg .area { fill-opacity: .75; stroke: none; }
            svg .rule { stroke: #555; stroke-width: 1; stroke-dasharray: 3 3; }
            svg .rule-label { font-size: 11px; fill: #333; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
            svg .rule-label.end { text-anchor: end; }
            .tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; align-items: start; }
            .card { padding: 12px 14px; overflow-x: auto; }
            table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
            caption { text-align: left; font-weight: 600; font-size: 15px; padding-bottom: 6px; }
            th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
            thead th { color: var(--muted); font-weight: 600; font-size: 12px; }
            tbody th { font-weight: 500; overflow-wrap: anywhere; }
            table.summary tbody th { white-space: nowrap; }
            td.num { text-align: right; white-space: nowrap; }
            td.empty { color: var(--muted); }
            .bar { display: inline-block; width: 60px; height: 8px; margin-right: 8px; background: #e8ebf0; border-radius: 4px;
              vertical-align: middle; overflow: hidden; }
            .bar > span { display: block; height: 100%; background: #0072B2; }
            footer { margin-top: 20px; color: var(--muted); font-size: 12px; }
            @media print { body { background: #fff; } .charts { grid-template-columns: 1fr 1fr; } }
            """;
}
