package dev.quartermaster.sim.trace;

/**
 * A field of a trace row that cannot be used: the column and why. Readers turn it into a
 * {@link TraceFormatException} with the file and line (strict) or count the row as skipped (lenient).
 */
final class BadValue extends RuntimeException {

    private final String column;

    BadValue(String column, String reason) {
        super(column + ": " + reason);
        this.column = column;
    }

    /** The column, or "row" for a problem with the whole row. */
    String column() {
        return column;
    }
}
