package dev.quartermaster.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a price catalog CSV: fields separated by commas, a field in double quotes may hold commas and
 * doubled quotes ({@code ""}), as in the catalog's {@code GpuInfo} column. No field of the catalog spans lines.
 */
final class CsvLine {

    private CsvLine() {}

    /** The fields of {@code line}; null when a quoted field is not closed. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }
}
