package dev.quartermaster.catalog;

import java.util.Map;

/**
 * What the importer made of one catalog file: its data rows, the rows imported (with an on-demand or spot price,
 * selected by the filters), the rows skipped by reason and the rows imported with an adjustment, by what was done.
 */
public record FileReport(String file, String cloud, int rows, int imported, Map<String, Integer> skipped,
        Map<String, Integer> adjusted) {

    public FileReport {
        skipped = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(skipped));
        adjusted = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(adjusted));
    }

    public int skippedRows() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
