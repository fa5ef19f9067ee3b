package dev.quartermaster.sim.trace;

/** A row of a trace that cannot be read: the file, the line (1-based, the header is line 1) and why. */
public final class TraceFormatException extends RuntimeException {

    private final String file;
    private final long line;

    public TraceFormatException(String file, long line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }
}
