package dev.quartermaster.sim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An axis's domain and its ticks: linear with "nice" steps (1, 2, 2.5, 5 times a power of ten) and the domain widened
 * to whole steps, or logarithmic with a tick per decade (and at 2 and 5 when the range is narrow).
 *
 * @param lo the smallest value on the axis
 * @param hi the largest value on the axis, more than {@code lo}
 * @param log whether positions are proportional to the logarithm of the value
 * @param ticks the values that get a tick and a label, in order
 */
record Scale(double lo, double hi, boolean log, double[] ticks) {

    /** A linear scale over [min, max] (widened to whole ticks) with about {@code count} ticks. */
    static Scale linear(double min, double max, int count) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            min = 0;
            max = 1;
        }
        if (max <= min) {
            max = min == 0 ? 1 : min + Math.abs(min);
            min = Math.min(min, 0);
        }
        double step = niceStep((max - min) / Math.max(1, count - 1));
        double lo = Math.floor(min / step + 1e-9) * step;
        double hi = Math.ceil(max / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; lo + i * step <= hi + step * 1e-6; i++) {
            ticks.add(clean(lo + i * step));
        }
        return new Scale(lo, hi, false, ticks.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * A logarithmic scale from the 1, 2 or 5 times a power of ten at or below {@code min} to the one at or above
     * {@code max} (both positive), with ticks at both ends and at each power of ten between (and at 2 and 5 times each
     * when the range spans at most three decades).
     */
    static Scale log(double min, double max) {
        double lo = nice125(min, false);
        double hi = nice125(Math.max(max, min), true);
        if (hi <= lo) {
            hi = nice125(lo * 1.01, true);
        }
        double decades = Math.log10(hi / lo);
        boolean narrow = decades <= 3 + 1e-9;
        List<Double> ticks = new ArrayList<>();
        for (int e = (int) Math.floor(Math.log10(lo) + 1e-9); e <= (int) Math.ceil(Math.log10(hi) - 1e-9); e++) {
            for (double m : new double[] {1, 2, 5}) {
                double v = clean(m * Math.pow(10, e));
                boolean inside = v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
                // An end of a wide axis gets a tick only where its label keeps clear of the next power of ten's.
                boolean clearLow = Math.abs(v - lo) < lo * 1e-9 && (1 - Math.log10(m)) / decades >= 0.07;
                boolean clearHigh = Math.abs(v - hi) < hi * 1e-9 && Math.log10(m) / decades >= 0.07;
                if (inside && (m == 1 || narrow || clearLow || clearHigh)) {
                    ticks.add(v);
                }
            }
        }
        return new Scale(lo, hi, true, ticks.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The 1, 2 or 5 times a power of ten nearest to {@code v} from below (or from above when {@code up}). */
    private static double nice125(double v, boolean up) {
        double power = Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
        double m = v / power;
        double nice = up ? (m <= 1 + 1e-9 ? 1 : m <= 2 + 1e-9 ? 2 : m <= 5 + 1e-9 ? 5 : 10)
                : (m >= 5 - 1e-9 ? 5 : m >= 2 - 1e-9 ? 2 : 1);
        return clean(nice * power);
    }

    /** Where {@code value} lies on the axis, from 0 (at {@code lo}) to 1 (at {@code hi}). */
    double fraction(double value) {
        if (log) {
            double v = Math.max(value, lo);
            return (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
        }
        return (value - lo) / (hi - lo);
    }

    /** A tick's label: plain, with thousands as k and millions as M, with as few decimals as the ticks need. */
    String label(double value) {
        if (log) {
            return compact(value);
        }
        double top = Math.max(Math.abs(lo), Math.abs(hi));
        double divisor = top >= 1e7 ? 1e6 : top >= 1e4 ? 1e3 : 1;
        String suffix = divisor == 1e6 ? "M" : divisor == 1e3 ? "k" : "";
        int decimals = decimals(divisor);
        return String.format(Locale.ROOT, "%,." + decimals + "f", value / divisor) + (value == 0 ? "" : suffix);
    }

    /** The fewest decimals (up to 4) that write every tick exactly. */
    private int decimals(double divisor) {
        for (int d = 0; d < 4; d++) {
            double scale = Math.pow(10, d);
            boolean exact = true;
            for (double t : ticks) {
                double v = t / divisor * scale;
                exact &= Math.abs(v - Math.rint(v)) < 1e-6 * Math.max(1, Math.abs(v));
            }
            if (exact) {
                return d;
            }
        }
        return 4;
    }

    /** One value on its own: 0.05, 2.5, 500, 2k, 10M. */
    static String compact(double value) {
        double abs = Math.abs(value);
        double divisor = abs >= 1e6 ? 1e6 : abs >= 1e3 ? 1e3 : 1;
        String suffix = divisor == 1e6 ? "M" : divisor == 1e3 ? "k" : "";
        String number = java.math.BigDecimal.valueOf(value / divisor).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString();
        return number + suffix;
    }

    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / power;
        double nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
        return nice * power;
    }

    /** Rounds away the floating-point noise of adding steps (0.30000000000000004). */
    private static double clean(double v) {
        return v == 0 ? 0 : Double.parseDouble(String.format(Locale.ROOT, "%.12g", v));
    }
}
