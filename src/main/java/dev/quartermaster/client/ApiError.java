package dev.quartermaster.client;

import java.util.List;

/** The server refused a call: its HTTP status and the error it sent ({@code {"error": {code, message, field, problems}}}). */
public final class ApiError extends RuntimeException {

    /** One thing wrong with a submitted document; line and column are in the body as sent. */
    public record Problem(Integer line, Integer column, String field, String message) {}

    private final int status;
    private final String code;
    private final String field;
    private final List<Problem> problems;

    public ApiError(int status, String code, String message, String field, List<Problem> problems) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Whether the server failed rather than refused (5xx). */
    public boolean isServerFault() {
        return status >= 500;
    }
}
