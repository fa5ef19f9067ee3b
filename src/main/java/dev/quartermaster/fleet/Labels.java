package dev.quartermaster.fleet;

import java.util.Locale;

/** How a constant reads in documents, tables and the API: lower case with hyphens ({@code IN_HOUSE} is in-house). */
public final class Labels {

    private Labels() {}

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant a label names ({@code in-house} is IN_HOUSE). */
    public static <E extends Enum<E>> E parse(Class<E> type, String label) {
        return Enum.valueOf(type, label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
