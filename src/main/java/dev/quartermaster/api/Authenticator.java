package dev.quartermaster.api;

import dev.quartermaster.auth.Principal;
import dev.quartermaster.server.ApiException;
import dev.quartermaster.store.TokenStore;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the bearer token of a call and finds who it belongs to. Live tokens are remembered by hash so that a busy
 * client does not cost a query per call; revoking a token forgets it.
 */
final class Authenticator {

    private static final String KEY = "qm.principal";

    private final TokenStore tokens;
    private final Map<String, Principal> known = new ConcurrentHashMap<>();
    /** Tokens revoked while this server runs: a lookup that raced a revoke is not remembered. */
    private final Set<Long> revoked = ConcurrentHashMap.newKeySet();

    Authenticator(TokenStore tokens) {
        this.tokens = tokens;
    }

    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthenticated", "this call needs a token: send 'Authorization: Bearer <token>'", "Authorization");
        }
        String secret = header.substring(7).trim();
        Principal principal = known.get(secret);
        if (principal == null) {
            Optional<Principal> found = tokens.authenticate(secret);
            if (found.isEmpty()) {
                ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                throw new ApiException(401, "unauthenticated", "the token is unknown or revoked", "Authorization");
            }
            principal = found.get();
            known.put(secret, principal);
            // A revoke that committed after the query above, and forgot before the put, must not leave it remembered.
            if (revoked.contains(principal.tokenId())) {
                known.remove(secret);
                ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                throw new ApiException(401, "unauthenticated", "the token is unknown or revoked", "Authorization");
            }
        }
        ctx.attribute(KEY, principal);
    }

    void forget(long tokenId) {
        revoked.add(tokenId);
        known.values().removeIf(p -> p.tokenId() == tokenId);
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(KEY);
    }

    static Principal admin(Context ctx) {
        Principal p = principal(ctx);
        if (!p.isAdmin()) {
            throw ApiException.forbidden("only an admin may do this; this token is a " + p.role().label() + "'s");
        }
        return p;
    }
}
