package dev.calroom.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When a room's feed is fetched again after a failed sync. A first failure keeps the room's interval; each further
 * failure in a row doubles it, up to {@link #MAX_FACTOR} times the interval. A feed host that asks to be left alone
 * (429 or 503 with {@code Retry-After}) is left alone that long, within the same cap, so a hostile or broken header
 * cannot park a room for ever.
 */
public final class SyncBackoff {

    /** A failing feed is still tried at least once per this many intervals. */
    public static final int MAX_FACTOR = 12;

    private SyncBackoff() {
    }

    /** How many intervals the wait after {@code consecutiveFailures} failures in a row lasts (1 when none). */
    public static long factor(int consecutiveFailures) {
        if (consecutiveFailures <= 1) {
            return 1;
        }
        return Math.min(MAX_FACTOR, 1L << Math.min(consecutiveFailures - 1, 20));
    }

    /**
     * The next sync time after a failure.
     *
     * @param retryAt when the feed host asked to be tried again (null: it did not)
     */
    public static Instant next(Instant now, Duration interval, int consecutiveFailures, Instant retryAt) {
        Instant cap = now.plus(interval.multipliedBy(MAX_FACTOR));
        Instant next = now.plus(interval.multipliedBy(factor(consecutiveFailures)));
        if (retryAt != null && retryAt.isAfter(next)) {
            next = retryAt;
        }
        return next.isAfter(cap) ? cap : next;
    }

    /** Why the room is not synced at its interval, in plain words for its owner; null when it is. */
    public static String explain(int consecutiveFailures, Duration interval, Instant lastAttemptAt,
                                 Instant nextSyncAt) {
        if (consecutiveFailures <= 0 || nextSyncAt == null || lastAttemptAt == null) {
            return null;
        }
        Duration wait = Duration.between(lastAttemptAt, nextSyncAt);
        if (!wait.minus(interval).isPositive()) {
            return null;
        }
        return "the feed failed " + (consecutiveFailures == 1 ? "once" : consecutiveFailures + " times in a row")
                + "; calroom waits " + minutes(wait) + " instead of " + minutes(interval)
                + " before trying again, so a struggling server is not hammered (\"Sync now\" tries at once)";
    }

    private static String minutes(Duration d) {
        long m = Math.max(1, (d.toSeconds() + 30) / 60);
        return m == 1 ? "1 minute" : m + " minutes";
    }
}
