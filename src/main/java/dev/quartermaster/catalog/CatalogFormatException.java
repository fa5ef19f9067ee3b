package dev.quartermaster.catalog;

/** A catalog file that cannot be read as one: the file, the line and what is wrong. */
public final class CatalogFormatException extends RuntimeException {

    public CatalogFormatException(String file, long line, String message) {
        super(file + ":" + line + ": " + message);
    }
}
