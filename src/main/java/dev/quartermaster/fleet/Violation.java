package dev.quartermaster.fleet;

import static java.util.Objects.requireNonNull;

/** One broken rule: the path of the field within its document ({@code providers[1].clusters[0].name}) and what is wrong. */
public record Violation(String field, String problem) {

    public Violation {
        requireNonNull(field, "field is null");
        requireNonNull(problem, "problem is null");
    }

    public static Violation of(String prefix, InvalidFieldException e) {
        return new Violation(prefix.isEmpty() ? e.field() : prefix + "." + e.field(), e.problem());
    }

    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
