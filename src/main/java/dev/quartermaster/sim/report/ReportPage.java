package dev.quartermaster.sim.report;

import static dev.quartermaster.sim.report.Html.escape;

import dev.quartermaster.sim.Summary;
import java.util.List;

/**
 * The pieces of the simulation report for other reports (the capacity plan's): a page with the same look, headline
 * cards, line charts, tables, and the simulation's own charts and tables. Same rules: self-contained, no script,
 * well-formed, deterministic.
 */
public final class ReportPage {

    private ReportPage() {}

    /** A headline number: label, value, detail. */
    public record Kpi(String label, String value, String detail) {}

    /** A line of a chart: y values at the chart's x values; dashed for references. */
    public record Line(String name, String color, double[] ys, boolean dashed) {}

    /** A page: heading, a line under it, headline cards, then each section (charts, tables, text) as given. */
    public static String page(String title, String heading, String meta, List<Kpi> kpis, List<String> charts, List<String> tables,
            String footer) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(HtmlReport.CSS).append("</style>\n</head>\n<body>\n<main>\n<header>\n")
                .append("<h1>").append(escape(heading)).append("</h1>\n")
                .append("<p class=\"meta\">").append(escape(meta)).append("</p>\n</header>\n")
                .append("<section class=\"kpis\" aria-label=\"headline numbers\">\n");
        for (Kpi k : kpis) {
            html.append("<div class=\"kpi\"><div class=\"label\">").append(escape(k.label())).append("</div><div class=\"value\">")
                    .append(escape(k.value())).append("</div><div class=\"detail\">").append(escape(k.detail())).append("</div></div>\n");
        }
        html.append("</section>\n<section class=\"charts\" aria-label=\"charts\">\n");
        for (String chart : charts) {
            html.append("<figure>\n").append(chart).append("\n</figure>\n");
        }
        html.append("</section>\n<section class=\"tables\" aria-label=\"tables\">\n");
        for (String table : tables) {
            html.append("<div class=\"card\">\n").append(table).append("\n</div>\n");
        }
        return html.append("</section>\n<footer>").append(escape(footer)).append("</footer>\n</main>\n</body>\n</html>\n").toString();
    }

    /** A line chart over linear axes from 0; {@code dollars} labels the y ticks as dollars. */
    public static String lineChart(String id, String title, String description, String xLabel, double[] xs, String yLabel,
            boolean dollars, List<Line> lines) {
        return lineChart(id, title, description, xLabel, xs, yLabel, dollars, true, lines);
    }

    /** A line chart; the y axis starts at 0 when {@code fromZero}, else near the least value (to show small changes). */
    public static String lineChart(String id, String title, String description, String xLabel, double[] xs, String yLabel,
            boolean dollars, boolean fromZero, List<Line> lines) {
        double maxX = 0;
        for (double x : xs) {
            maxX = Math.max(maxX, x);
        }
        double maxY = 0;
        double minY = Double.POSITIVE_INFINITY;
        for (Line l : lines) {
            for (double y : l.ys()) {
                maxY = Double.isFinite(y) ? Math.max(maxY, y) : maxY;
                minY = Double.isFinite(y) ? Math.min(minY, y) : minY;
            }
        }
        double lowY = fromZero || !Double.isFinite(minY) ? 0 : minY - Math.max(maxY - minY, Math.abs(maxY) * 1e-3) * 0.1;
        SvgChart chart = new SvgChart(id, title, description)
                .x(Scale.linear(0, maxX, 6), xLabel, null)
                .y(Scale.linear(lowY, maxY, 5), yLabel, dollars ? v -> "$" + Scale.compact(v).toUpperCase(java.util.Locale.ROOT) : null);
        for (Line l : lines) {
            chart.line(l.name(), l.color(), xs, l.ys(), l.dashed());
        }
        if (xs.length == 0) {
            chart.note("nothing to show");
        }
        return chart.render();
    }

    /** A table: a caption, a header row, rows of text (escaped; the first cell is the row's header). */
    public static String table(String caption, List<String> header, List<List<String>> rows) {
        SummaryTables.Table table = new SummaryTables.Table(caption, header.toArray(String[]::new));
        rows.forEach(r -> table.row(r.toArray()));
        return table.render();
    }

    /** The simulation report's charts of a summary. */
    public static List<String> simulationCharts(Summary s) {
        return SummaryCharts.all(s);
    }

    /** The simulation report's tables of a summary. */
    public static List<String> simulationTables(Summary s) {
        return SummaryTables.all(s);
    }
}
