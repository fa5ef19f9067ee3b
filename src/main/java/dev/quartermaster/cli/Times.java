package dev.quartermaster.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times in tables: UTC to the second. */
final class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Times() {}

    static String of(Instant at) {
        return at == null ? "-" : FORMAT.format(at);
    }
}
