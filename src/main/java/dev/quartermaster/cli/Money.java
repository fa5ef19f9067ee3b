package dev.quartermaster.cli;

import java.util.Locale;

/** How numbers read in tables: counts with thousands separators, dollars scaled to K, M, B. */
final class Money {

    private Money() {}

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String price(double dollarsPerHour) {
        return dev.quartermaster.money.Dollars.price(dollarsPerHour);
    }

    static String plain(double value) {
        return value == Math.rint(value) ? count((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String dollars(double amount) {
        return dev.quartermaster.money.Dollars.amount(amount);
    }
}
