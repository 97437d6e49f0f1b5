package dev.calroom.meetings;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Counts actions per key in fixed windows, across every container (the limit must hold for the whole deployment). */
public interface RateLimiter {

    /**
     * Takes one action for {@code key} in the window {@code now} falls in.
     *
     * @return empty when the action is within {@code limit}; otherwise how long until the window ends
     */
    Optional<Duration> take(String key, int limit, Duration window, Instant now);
}
