package dev.quartermaster.cli;

import java.util.Locale;

/** How numbers read in tables: counts with thousands separators, dollars scaled to K, M, B. */
final class Money {

    private Money() {}

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String price(double dollarsPerHour) {
        return String.format(Locale.ROOT, "$%.2f", dollarsPerHour);
    }

    static String plain(double value) {
        return value == Math.rint(value) ? count((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String dollars(double amount) {
        double abs = Math.abs(amount);
        if (abs >= 1e9) {
            return String.format(Locale.ROOT, "$%.2fB", amount / 1e9);
        }
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "$%.2fM", amount / 1e6);
        }
        if (abs >= 1e4) {
            return String.format(Locale.ROOT, "$%.1fK", amount / 1e3);
        }
        return String.format(Locale.ROOT, "$%.2f", amount);
    }
}
