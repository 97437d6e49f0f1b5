package dev.calroom.domain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request calroom refuses, with a reason, a human-readable detail, and facts the client can use (for example when
 * a meeting becomes joinable). Details never contain secrets.
 */
public class RefusedException extends RuntimeException {

    private final Refusal reason;
    private final Map<String, Object> facts;
    private final Duration retryAfter;

    public RefusedException(Refusal reason, String detail) {
        this(reason, detail, Map.of(), null);
    }

    public RefusedException(Refusal reason, String detail, Map<String, Object> facts, Duration retryAfter) {
        super(detail, null, false, false);
        this.reason = reason;
        this.facts = new LinkedHashMap<>(facts);
        this.retryAfter = retryAfter;
    }

    /** A field of a request that is missing or invalid; {@code field} is its JSON path (or header name). */
    public static RefusedException invalid(String field, String detail) {
        return new RefusedException(Refusal.VALIDATION_FAILED, field + ": " + detail, Map.of("field", field), null);
    }

    public Refusal reason() {
        return reason;
    }

    public Map<String, Object> facts() {
        return facts;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
