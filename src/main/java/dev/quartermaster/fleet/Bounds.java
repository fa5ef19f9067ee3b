package dev.quartermaster.fleet;

/**
 * The allowed range of a number in the model. One constant per field is shared by the record that enforces it and by
 * the document loader that reports it, so a limit is written down exactly once.
 */
public record Bounds(double min, double max, boolean integer) {

    public Bounds {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
    }

    public static Bounds integers(long min, long max) {
        return new Bounds(min, max, true);
    }

    public static Bounds decimals(double min, double max) {
        return new Bounds(min, max, false);
    }

    public boolean contains(double value) {
        return value >= min && value <= max && (!integer || value == Math.rint(value));
    }

    /** "an integer from 1 to 64", "a number from 0 to 1000". */
    public String describe() {
        return (integer ? "an integer" : "a number") + " from " + format(min) + " to " + format(max);
    }

    public int check(String field, int value) {
        if (!contains(value)) {
            throw new InvalidFieldException(field, "must be " + describe() + ", not " + value);
        }
        return value;
    }

    public double check(String field, double value) {
        if (!contains(value)) {
            throw new InvalidFieldException(field, "must be " + describe() + ", not " + format(value));
        }
        return value;
    }

    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.valueOf(value);
    }
}
