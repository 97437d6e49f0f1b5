package dev.calroom.meetings;

import java.time.Duration;

/** The video provider could not do what was asked, after retries. Never carries the API key. */
public class VideoProviderException extends RuntimeException {

    private final Duration retryAfter;

    public VideoProviderException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long a caller should wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
