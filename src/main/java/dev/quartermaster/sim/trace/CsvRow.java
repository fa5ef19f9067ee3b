package dev.quartermaster.sim.trace;

import dev.quartermaster.fleet.Names;
import java.util.Map;

/** One data row of a CSV trace: its line in the file (the header is line 1) and its fields, read by column name. */
final class CsvRow {

    private final long line;
    private final String[] fields;
    private final Map<String, Integer> columns;

    CsvRow(long line, String[] fields, Map<String, Integer> columns) {
        this.line = line;
        this.fields = fields;
        this.columns = columns;
    }

    long line() {
        return line;
    }

    String text(String column) {
        return fields[columns.get(column)].trim();
    }

    boolean isEmpty(String column) {
        return text(column).isEmpty();
    }

    /** A finite number, such as 66.0 or 12537496. */
    double number(String column) {
        String text = text(column);
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadValue(column, "'" + text + "' is not a number");
    }

    /** A whole number from {@code min} to {@code max}; "8" and "8.0" both read as 8. */
    int whole(String column, int min, int max) {
        double value;
        try {
            value = number(column);
        } catch (BadValue e) {
            throw new BadValue(column, "'" + text(column) + "' is not a whole number");
        }
        if (value != Math.rint(value) || value < min || value > max) {
            throw new BadValue(column, "'" + text(column) + "' is not a whole number from " + min + " to " + max);
        }
        return (int) value;
    }

    /** A non-empty field that makes a valid name (letters, digits, '.', '_', '-'; at most 63) after {@code prefix}. */
    String name(String column, String prefix) {
        String name = prefix + text(column);
        if (text(column).isEmpty()) {
            throw new BadValue(column, "is empty");
        }
        if (!Names.isValid(name)) {
            throw new BadValue(column, "'" + text(column) + "' does not make a valid name '" + name + "' (" + Names.ALLOWED + ")");
        }
        return name;
    }
}
