package dev.quartermaster.money;

import java.util.Locale;

/** How amounts of money read in tables and reports: $12.34, $12.3K, $1.23M, $1.23B; prices as $2.50. */
public final class Dollars {

    private Dollars() {}

    public static String amount(double dollars) {
        if (!Double.isFinite(dollars)) {
            return "-";
        }
        double abs = Math.abs(dollars);
        if (abs >= 1e9) {
            return String.format(Locale.ROOT, "$%.2fB", dollars / 1e9);
        }
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "$%.2fM", dollars / 1e6);
        }
        if (abs >= 1e4) {
            return String.format(Locale.ROOT, "$%.1fK", dollars / 1e3);
        }
        return String.format(Locale.ROOT, "$%.2f", dollars);
    }

    /** A price per unit: $2.50. */
    public static String price(double dollars) {
        return Double.isFinite(dollars) ? String.format(Locale.ROOT, "$%.2f", dollars) : "-";
    }
}
