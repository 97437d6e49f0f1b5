package dev.calroom.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The local stack's movable clock as its functions see it from their own processes: the system clock plus an offset
 * in milliseconds that the stack writes to a file. Used only when the local stack names that file
 * ({@code CALROOM_LOCAL_CLOCK_FILE}); on AWS the functions use the system clock.
 */
final class OffsetFileClock extends Clock {

    private final Path file;
    private volatile long checkedAt;
    private volatile long offsetMillis;

    OffsetFileClock(Path file) {
        this.file = file;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        long now = System.currentTimeMillis();
        if (now - checkedAt > 50) {
            try {
                offsetMillis = Long.parseLong(Files.readString(file).trim());
            } catch (IOException | NumberFormatException e) {
                // keep the last offset read
            }
            checkedAt = now;
        }
        return now + offsetMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
