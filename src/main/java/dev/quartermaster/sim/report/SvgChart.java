package dev.quartermaster.sim.report;

import static dev.quartermaster.sim.report.Html.coord;
import static dev.quartermaster.sim.report.Html.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A small SVG chart: a title, a legend, two axes with labelled ticks and grid lines, and lines, filled areas and
 * labelled vertical rules drawn over them. Written as XML-clean inline SVG with an accessible name and description.
 */
final class SvgChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 320;
    private static final int LEFT = 68;
    private static final int RIGHT = 20;
    private static final int TOP = 58;
    private static final int BOTTOM = 48;

    private record Axis(Scale scale, String label, DoubleFunction<String> format) {}

    private sealed interface Mark {
        record Line(String name, String color, double[] xs, double[] ys, boolean dashed) implements Mark {}

        record Area(String name, String color, double[] xs, double[] lower, double[] upper) implements Mark {}

        record Rule(double x, String label) implements Mark {}
    }

    private final String id;
    private final String title;
    private final String description;
    private Axis x = new Axis(Scale.linear(0, 1, 5), "", null);
    private Axis y = new Axis(Scale.linear(0, 1, 5), "", null);
    private final List<Mark> marks = new ArrayList<>();
    private String note;

    /**
     * @param id unique in the page, for the ids of the title and description
     * @param title shown above the chart and read as its name
     * @param description read by screen readers: what the chart shows, in numbers
     */
    SvgChart(String id, String title, String description) {
        this.id = id;
        this.title = title;
        this.description = description;
    }

    SvgChart x(Scale scale, String label, DoubleFunction<String> format) {
        x = new Axis(scale, label, format);
        return this;
    }

    SvgChart y(Scale scale, String label, DoubleFunction<String> format) {
        y = new Axis(scale, label, format);
        return this;
    }

    SvgChart line(String name, String color, double[] xs, double[] ys, boolean dashed) {
        marks.add(new Mark.Line(name, color, xs, ys, dashed));
        return this;
    }

    /** A filled band between {@code lower} and {@code upper} (null for the x axis). */
    SvgChart area(String name, String color, double[] xs, double[] lower, double[] upper) {
        marks.add(new Mark.Area(name, color, xs, lower == null ? new double[xs.length] : lower, upper));
        return this;
    }

    /** Areas stacked in order, the first at the bottom. */
    SvgChart stacked(List<String> names, List<String> colors, double[] xs, List<double[]> series) {
        double[] lower = new double[xs.length];
        for (int k = 0; k < series.size(); k++) {
            double[] upper = lower.clone();
            for (int i = 0; i < xs.length; i++) {
                upper[i] += series.get(k)[i];
            }
            area(names.get(k), colors.get(k), xs, lower, upper);
            lower = upper;
        }
        return this;
    }

    /** A dashed vertical line at {@code x} with a label at its top. */
    SvgChart rule(double at, String label) {
        marks.add(new Mark.Rule(at, label));
        return this;
    }

    /** A message in the middle of the plot, for a chart with nothing to draw. */
    SvgChart note(String text) {
        note = text;
        return this;
    }

    String render() {
        StringBuilder svg = new StringBuilder(8192);
        String titleId = id + "-title";
        String descId = id + "-desc";
        svg.append("<svg class=\"chart\" id=\"").append(escape(id)).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"").append(escape(titleId)).append(' ').append(escape(descId))
                .append("\">\n");
        svg.append("<title id=\"").append(escape(titleId)).append("\">").append(escape(title)).append("</title>\n");
        svg.append("<desc id=\"").append(escape(descId)).append("\">").append(escape(description)).append("</desc>\n");
        svg.append("<text class=\"chart-title\" x=\"").append(LEFT - 56).append("\" y=\"22\">").append(escape(title))
                .append("</text>\n");
        legend(svg);
        axes(svg);
        int rules = 0;
        for (Mark mark : marks) {
            switch (mark) {
                case Mark.Area a -> svg.append("<path class=\"area\" fill=\"").append(escape(a.color())).append("\" d=\"")
                        .append(areaPath(a)).append("\"/>\n");
                case Mark.Line l -> svg.append("<path class=\"line").append(l.dashed() ? " dashed" : "").append("\" stroke=\"")
                        .append(escape(l.color())).append("\" d=\"").append(linePath(l.xs(), l.ys())).append("\"/>\n");
                case Mark.Rule r -> rule(svg, r, rules++);
            }
        }
        if (note != null) {
            svg.append("<text class=\"note\" x=\"").append(coord(LEFT + plotWidth() / 2.0)).append("\" y=\"")
                    .append(coord(TOP + plotHeight() / 2.0)).append("\">").append(escape(note)).append("</text>\n");
        }
        return svg.append("</svg>").toString();
    }

    private void legend(StringBuilder svg) {
        double at = LEFT;
        svg.append("<g class=\"legend\">\n");
        for (Mark mark : marks) {
            String name;
            String swatch;
            switch (mark) {
                case Mark.Area a -> {
                    name = a.name();
                    swatch = "<rect x=\"" + coord(at) + "\" y=\"34\" width=\"14\" height=\"10\" fill=\"" + escape(a.color())
                            + "\"/>";
                }
                case Mark.Line l -> {
                    name = l.name();
                    swatch = "<line x1=\"" + coord(at) + "\" y1=\"39\" x2=\"" + coord(at + 14) + "\" y2=\"39\" stroke=\""
                            + escape(l.color()) + "\" class=\"line" + (l.dashed() ? " dashed" : "") + "\"/>";
                }
                case Mark.Rule r -> {
                    continue;
                }
            }
            if (name == null) {
                continue;
            }
            svg.append(swatch).append("<text x=\"").append(coord(at + 19)).append("\" y=\"44\">").append(escape(name))
                    .append("</text>\n");
            at += 19 + 7.2 * name.length() + 18;
        }
        svg.append("</g>\n");
    }

    private void axes(StringBuilder svg) {
        double bottom = TOP + plotHeight();
        double right = LEFT + plotWidth();
        svg.append("<g class=\"axis\">\n");
        for (double t : y.scale().ticks()) {
            double py = py(t);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(coord(py)).append("\" x2=\"")
                    .append(coord(right)).append("\" y2=\"").append(coord(py)).append("\"/>");
            svg.append("<text class=\"tick y\" x=\"").append(LEFT - 6).append("\" y=\"").append(coord(py + 4)).append("\">")
                    .append(escape(label(y, t))).append("</text>\n");
        }
        for (double t : x.scale().ticks()) {
            double px = px(t);
            svg.append("<line class=\"grid\" x1=\"").append(coord(px)).append("\" y1=\"").append(TOP).append("\" x2=\"")
                    .append(coord(px)).append("\" y2=\"").append(coord(bottom)).append("\"/>");
            svg.append("<text class=\"tick x\" x=\"").append(coord(px)).append("\" y=\"").append(coord(bottom + 16))
                    .append("\">").append(escape(label(x, t))).append("</text>\n");
        }
        svg.append("<line class=\"frame\" x1=\"").append(LEFT).append("\" y1=\"").append(coord(bottom)).append("\" x2=\"")
                .append(coord(right)).append("\" y2=\"").append(coord(bottom)).append("\"/>");
        svg.append("<line class=\"frame\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(coord(bottom)).append("\"/>\n");
        svg.append("<text class=\"axis-label x\" x=\"").append(coord(LEFT + plotWidth() / 2.0)).append("\" y=\"")
                .append(HEIGHT - 8).append("\">").append(escape(x.label())).append("</text>\n");
        double middle = TOP + plotHeight() / 2.0;
        svg.append("<text class=\"axis-label y\" x=\"14\" y=\"").append(coord(middle)).append("\" transform=\"rotate(-90 14 ")
                .append(coord(middle)).append(")\">").append(escape(y.label())).append("</text>\n");
        svg.append("</g>\n");
    }

    private void rule(StringBuilder svg, Mark.Rule r, int index) {
        double px = px(r.x());
        boolean nearRight = px > LEFT + plotWidth() * 0.8;
        svg.append("<line class=\"rule\" x1=\"").append(coord(px)).append("\" y1=\"").append(TOP).append("\" x2=\"")
                .append(coord(px)).append("\" y2=\"").append(coord(TOP + plotHeight())).append("\"/>");
        svg.append("<text class=\"rule-label").append(nearRight ? " end" : "").append("\" x=\"")
                .append(coord(px + (nearRight ? -4 : 4))).append("\" y=\"").append(TOP + 14 + 16 * index).append("\">").append(escape(r.label()))
                .append("</text>\n");
    }

    private static String label(Axis axis, double value) {
        return axis.format() == null ? axis.scale().label(value) : axis.format().apply(value);
    }

    private String linePath(double[] xs, double[] ys) {
        StringBuilder d = new StringBuilder(xs.length * 12);
        appendPoints(d, xs, ys, false, 'M');
        return d.toString();
    }

    private String areaPath(Mark.Area a) {
        StringBuilder d = new StringBuilder(a.xs().length * 24);
        appendPoints(d, a.xs(), a.upper(), false, 'M');
        appendPoints(d, a.xs(), a.lower(), true, 'L');
        return d.append('Z').toString();
    }

    /**
     * Appends the points as path commands, forward or backward, leaving out the inner points of runs at the same
     * pixel height (the flat stretches of a step-like series), which keeps long series small.
     */
    private void appendPoints(StringBuilder d, double[] xs, double[] ys, boolean backward, char first) {
        int n = Math.min(xs.length, ys.length);
        String lastY = null;
        String pendingX = null;
        boolean started = false;
        for (int k = 0; k < n; k++) {
            int i = backward ? n - 1 - k : k;
            String cx = coord(px(xs[i]));
            String cy = coord(py(ys[i]));
            if (started && cy.equals(lastY) && k < n - 1) {
                pendingX = cx;
                continue;
            }
            if (pendingX != null) {
                d.append('L').append(pendingX).append(',').append(lastY);
                pendingX = null;
            }
            d.append(started ? 'L' : first).append(cx).append(',').append(cy);
            started = true;
            lastY = cy;
        }
    }

    private int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    private double px(double value) {
        return LEFT + x.scale().fraction(value) * plotWidth();
    }

    private double py(double value) {
        return TOP + (1 - y.scale().fraction(value)) * plotHeight();
    }
}
