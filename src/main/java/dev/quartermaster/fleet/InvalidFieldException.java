package dev.quartermaster.fleet;

import static java.util.Objects.requireNonNull;

/**
 * A record refused a value. {@code field} is the name of the field in the document (relative to the record), so a
 * loader can point at the exact line; the message says what is allowed.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    public InvalidFieldException(String field, String problem) {
        super(requireNonNull(field, "field is null") + " " + requireNonNull(problem, "problem is null"));
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field name in front. */
    public String problem() {
        return getMessage().substring(field.length() + 1);
    }
}
