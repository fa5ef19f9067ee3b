package dev.quartermaster.format;

import static java.util.Objects.requireNonNull;

/** One thing wrong with a document: where (file, line, column, field path) and what is allowed instead. */
public record Problem(String file, int line, int column, String path, String message) {

    public Problem {
        requireNonNull(file, "file is null");
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
