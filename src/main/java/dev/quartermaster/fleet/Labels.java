package dev.quartermaster.fleet;

import java.util.Locale;

/** How a constant reads in documents, tables and the API: lower case with hyphens ({@code IN_HOUSE} is in-house). */
public final class Labels {

    private Labels() {}

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
