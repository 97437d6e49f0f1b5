package dev.calroom.sync;

import java.time.Instant;

/**
 * A feed could not be fetched. The message names the host at most, never the full URL. {@code retryAt} is when the
 * server asked to be tried again (a 429 or 503 with {@code Retry-After}); null when it did not.
 */
public final class FetchException extends Exception {

    private final transient Instant retryAt;

    public FetchException(String message) {
        this(message, (Instant) null);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
        this.retryAt = null;
    }

    public FetchException(String message, Instant retryAt) {
        super(message);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
