package dev.quartermaster.api;

import dev.quartermaster.server.ApiException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters read with errors that name the parameter and what it takes. */
final class Params {

    private Params() {}

    static int integer(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest(name, name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    static Long optionalLong(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a whole number, not '" + value + "'");
        }
    }

    static Instant instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, name + " must be an ISO-8601 instant such as 2026-11-29T00:00:00Z, not '" + value + "'");
        }
    }

    static <T> T parsed(Context ctx, String name, java.util.function.Function<String, T> parser) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name, e.getMessage());
        }
    }
}
