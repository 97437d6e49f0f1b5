package dev.calroom.daily;

import java.time.Duration;

/**
 * Spaces calls to at most one per interval within this container, so one function instance stays inside Daily's
 * documented limits (20 requests/s in general, about 2/s for room deletes).
 */
final class RateLimiter {

    private final long intervalNanos;
    private long next = System.nanoTime();

    RateLimiter(double perSecond) {
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
    }

    /** Waits for the next slot; false (without waiting) when it lies beyond {@code maxWait}. */
    boolean acquire(Duration maxWait) {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, next);
            wait = slot - now;
            if (wait > maxWait.toNanos()) {
                return false;
            }
            next = slot + intervalNanos;
        }
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
