package dev.calroom.api;

import dev.calroom.auth.Caller;
import dev.calroom.auth.InvalidTokenException;
import dev.calroom.auth.IssuerUnavailableException;
import dev.calroom.auth.TokenVerifier;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;
import dev.calroom.support.Log;

import java.time.Duration;
import java.util.Map;

/** Reads the caller from the {@code Authorization: Bearer} header. A token that is sent must be valid. */
public final class Authenticator {

    private final TokenVerifier verifier;

    public Authenticator(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** The caller, or null when no token was sent (participant routes). */
    public Caller optional(ApiRequest request) {
        String header = request.header("authorization");
        if (header == null || header.isBlank()) {
            return null;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new RefusedException(Refusal.UNAUTHORIZED, "the Authorization header must be 'Bearer <token>'");
        }
        try {
            return verifier.verify(header.substring(7).trim());
        } catch (InvalidTokenException e) {
            throw new RefusedException(Refusal.UNAUTHORIZED, "the bearer token is not valid");
        } catch (IssuerUnavailableException e) {
            Log.warn("identity provider unavailable", "error", e.getMessage());
            throw new RefusedException(Refusal.IDENTITY_PROVIDER_UNAVAILABLE,
                    "the identity provider could not be reached to verify the token; try again shortly", Map.of(),
                    Duration.ofSeconds(5));
        }
    }

    /** The caller of an owner route. */
    public Caller required(ApiRequest request) {
        Caller c = optional(request);
        if (c == null) {
            throw new RefusedException(Refusal.UNAUTHORIZED, "a bearer token is required");
        }
        return c;
    }
}
