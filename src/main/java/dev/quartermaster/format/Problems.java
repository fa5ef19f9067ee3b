package dev.quartermaster.format;

import dev.quartermaster.fleet.InvalidFieldException;
import dev.quartermaster.fleet.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects every problem of one document, so that a person sees them all at once. */
public final class Problems {

    private final String file;
    private final List<Problem> found = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void at(Node node, String message) {
        found.add(new Problem(file, node.line(), node.column(), node.path(), message));
    }

    /** A problem with a field that is not in the document (a required field that is missing). */
    public void missing(Node parent, String field, String message) {
        found.add(new Problem(file, parent.line(), parent.column(), Node.child(parent.path(), field), message));
    }

    public void at(int line, int column, String message) {
        found.add(new Problem(file, line, column, "", message));
    }

    /** A rule broken inside {@code root}; the violation's field is relative to it. */
    public void violation(Node root, Violation v) {
        String path = Node.child(root.path(), v.field());
        Node node = root.find(path);
        found.add(new Problem(file, node.line(), node.column(), path, v.problem()));
    }

    public int count() {
        return found.size();
    }

    /** The problems in the order of the document: by line, then column. */
    public List<Problem> list() {
        return found.stream()
                .sorted(java.util.Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .toList();
    }

    /**
     * Builds a record from fields read without problems since {@code before}; a rule the record's constructor
     * enforces (one that spans fields) becomes a problem at the field it names. Null when anything was wrong.
     */
    public <T> T build(Node at, int before, Supplier<T> constructor) {
        if (found.size() > before) {
            return null;
        }
        try {
            return constructor.get();
        } catch (InvalidFieldException e) {
            violation(at, new Violation(e.field(), e.problem()));
            return null;
        }
    }
}
