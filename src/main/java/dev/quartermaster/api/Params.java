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

    /** A kind filter ({@code fine-tuning} or {@code FINE_TUNING}) as the store names it; null when blank. */
    static String kind(String text) {
        if (text.isBlank()) {
            return null;
        }
        String name = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (dev.quartermaster.workload.WorkloadKind k : dev.quartermaster.workload.WorkloadKind.values()) {
            if (k.name().equals(name)) {
                return name;
            }
        }
        throw new IllegalArgumentException("kind must be one of training, fine-tuning, inference, batch, not '" + text + "'");
    }

    /** The team a caller's listing is limited to: a member's own (asking for another is refused), or what was asked. */
    static String teamFilter(dev.quartermaster.auth.Principal caller, String asked) {
        String team = asked == null || asked.isBlank() ? null : asked;
        if (caller.role() != dev.quartermaster.auth.Role.MEMBER) {
            return team;
        }
        if (team != null && !team.equals(caller.team())) {
            throw ApiException.forbidden("a member of team '" + caller.team() + "' sees only that team's workloads");
        }
        return caller.team();
    }
}
