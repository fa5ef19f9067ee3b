package dev.quartermaster.format;

import java.util.List;
import java.util.stream.Collectors;

/** A document was refused; {@link #problems()} holds every problem found, each with file, line, column and field. */
public final class InvalidDocumentException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidDocumentException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
