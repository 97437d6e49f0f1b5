package dev.calroom.meetings;

import java.time.Duration;

/**
 * How many unscheduled meetings anonymous callers may create: per room and per caller (client address) in each
 * window. A limit of 0 turns that limit off.
 */
public record AnonymousWriteLimits(int perRoom, int perCaller, Duration window) {

    public static AnonymousWriteLimits defaults() {
        return new AnonymousWriteLimits(20, 5, Duration.ofMinutes(10));
    }
}
