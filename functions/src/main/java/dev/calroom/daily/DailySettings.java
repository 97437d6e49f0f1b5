package dev.calroom.daily;

import java.time.Duration;

/**
 * How the Daily client paces and retries.
 *
 * @param budget     the most time one operation may take, retries included
 * @param retryAfter what callers are told to wait when Daily stays unavailable
 * @param selfSignedTokens mint meeting tokens locally (HS256 with the API key) instead of through the REST API
 */
public record DailySettings(Duration requestTimeout, Duration budget, int maxAttempts, Duration baseBackoff,
                            Duration maxBackoff, double requestsPerSecond, double deletesPerSecond,
                            Duration retryAfter, boolean selfSignedTokens) {

    public DailySettings(Duration requestTimeout, Duration budget, int maxAttempts, Duration baseBackoff,
                         Duration maxBackoff, double requestsPerSecond, double deletesPerSecond, Duration retryAfter) {
        this(requestTimeout, budget, maxAttempts, baseBackoff, maxBackoff, requestsPerSecond, deletesPerSecond,
                retryAfter, true);
    }

    public DailySettings withSelfSignedTokens(boolean selfSigned) {
        return new DailySettings(requestTimeout, budget, maxAttempts, baseBackoff, maxBackoff, requestsPerSecond,
                deletesPerSecond, retryAfter, selfSigned);
    }

    /** For API requests: a person is waiting. */
    public static DailySettings interactive() {
        return new DailySettings(Duration.ofSeconds(3), Duration.ofSeconds(8), 5, Duration.ofMillis(200),
                Duration.ofSeconds(2), 20, 2, Duration.ofSeconds(5));
    }

    /** For scheduled work: nobody waits, so retries may take longer; what still fails is retried next run. */
    public static DailySettings background() {
        return new DailySettings(Duration.ofSeconds(5), Duration.ofSeconds(20), 6, Duration.ofMillis(250),
                Duration.ofSeconds(4), 10, 1.5, Duration.ofMinutes(1));
    }
}
