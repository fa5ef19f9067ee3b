package dev.quartermaster.sim.report;

import java.util.Locale;

/** Text as HTML (and XML) reads it, and numbers as the report writes them. */
final class Html {

    private Html() {}

    /** Escapes the five markup characters and replaces control characters XML does not allow. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** A number with one decimal at most, 0 decimals when it is whole: for coordinates. */
    static String coord(double v) {
        double r = Math.rint(v * 10) / 10;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String dollars(double amount) {
        return dev.quartermaster.money.Dollars.amount(amount);
    }

    static String price(double dollars) {
        return dev.quartermaster.money.Dollars.price(dollars);
    }

    /** A fraction as a percentage with one decimal: 0.756 is 75.6%. */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction) : "-";
    }

    /** A number with {@code decimals} decimals and thousands separators; "-" for NaN. */
    static String number(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,." + decimals + "f", v) : "-";
    }
}
