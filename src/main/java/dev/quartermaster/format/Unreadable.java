package dev.quartermaster.format;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A file that could not be read, said in words a person acts on: "cannot read FILE: no such file". */
public final class Unreadable {

    private Unreadable() {}

    /** The failure to read {@code file}, with why in words (no such file, a folder, no permission, or the system's). */
    public static UncheckedIOException file(Path file, IOException cause) {
        return new UncheckedIOException("cannot read " + file + ": " + why(file, cause), cause);
    }

    static String why(Path file, IOException cause) {
        if (Files.isDirectory(file)) {
            return "it is a folder";
        }
        if (cause instanceof NoSuchFileException || !Files.exists(file)) {
            return "no such file";
        }
        if (cause instanceof AccessDeniedException || !Files.isReadable(file)) {
            return "permission denied";
        }
        String message = cause.getMessage();
        return message == null || cause instanceof FileNotFoundException ? cause.getClass().getSimpleName() : message;
    }
}
