package dev.quartermaster.lifecycle;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a workload is in its life. PREEMPTED is passed through on the way back to PENDING; the last three are final.
 *
 * <pre>
 * PENDING -> ADMITTED -> DISPATCHED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED
 *    ^                                     |
 *    +------------ PREEMPTED <-------------+
 * </pre>
 */
public enum Status {
    PENDING,
    ADMITTED,
    DISPATCHED,
    RUNNING,
    PREEMPTED,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Whether work may be running on a backend in this state. */
    public boolean isDispatched() {
        return this == DISPATCHED || this == RUNNING;
    }

    /** The states this one may move to. */
    public Set<Status> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(ADMITTED, FAILED, CANCELLED);
            case ADMITTED -> EnumSet.of(DISPATCHED, PENDING, FAILED, CANCELLED);
            case DISPATCHED -> EnumSet.of(RUNNING, PREEMPTED, PENDING, SUCCEEDED, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(PREEMPTED, PENDING, SUCCEEDED, FAILED, CANCELLED);
            case PREEMPTED -> EnumSet.of(PENDING, FAILED, CANCELLED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(Status.class);
        };
    }

    public boolean canMoveTo(Status next) {
        return next().contains(next);
    }

    /** Reads a state name in any case; the error lists the allowed names. */
    public static Status parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be one of " + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT)
                    + ", not '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
