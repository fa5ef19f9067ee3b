package dev.quartermaster.server;

import dev.quartermaster.format.Problem;
import java.util.List;

/**
 * An API call that cannot be answered as asked: the HTTP status, a stable code, a message for people, the field it
 * is about (or null), and, for documents, every problem found in them.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final List<Problem> problems;

    public ApiException(int status, String code, String message, String field, List<Problem> problems) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.problems = List.copyOf(problems);
    }

    public ApiException(int status, String code, String message, String field) {
        this(status, code, message, field, List.of());
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad_request", message, field);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " does not exist", null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message, null);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, null);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(422, "invalid", message, field);
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
}
