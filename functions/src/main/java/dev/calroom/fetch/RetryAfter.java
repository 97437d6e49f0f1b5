package dev.calroom.fetch;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reads an HTTP {@code Retry-After} value (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date. */
final class RetryAfter {

    /** Longer waits are read as this; the backoff rule caps what it honours anyway. */
    private static final long MAX_SECONDS = 366L * 24 * 3600;

    private RetryAfter() {
    }

    /** When to try again, or null when the value is absent or unreadable (it is then ignored). */
    static Instant parse(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long seconds = v.length() > 12 ? MAX_SECONDS : Math.min(MAX_SECONDS, Long.parseLong(v));
            return now.plusSeconds(seconds);
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
