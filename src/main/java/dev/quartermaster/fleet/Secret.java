package dev.quartermaster.fleet;

/**
 * A credential named by where to read it, never written in a document: an environment variable or a file. Reading
 * it is the job of whoever connects (the engine never does).
 */
public record Secret(Source source, String name) {

    /** Where the secret lives. */
    public enum Source { ENV, FILE }

    public Secret {
        if (source == null || name == null || name.isBlank()) {
            throw new InvalidFieldException("token", "must be { env: VARIABLE } or { file: PATH }");
        }
    }

    @Override
    public String toString() {
        return source == Source.ENV ? "env:" + name : "file:" + name;
    }
}
