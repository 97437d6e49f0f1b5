package dev.calroom.tools.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The clock every function of the local stack sees: real time plus an offset that can be set or moved. */
public final class LocalClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    public synchronized Instant set(Instant now) {
        offset = Duration.between(Instant.now(), now);
        return instant();
    }

    public synchronized Instant advance(Duration d) {
        offset = offset.plus(d);
        return instant();
    }

    public synchronized Instant reset() {
        offset = Duration.ZERO;
        return instant();
    }
}
