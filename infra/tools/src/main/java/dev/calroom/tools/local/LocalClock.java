package dev.calroom.tools.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock every function of the local stack sees: real time plus an offset that can be set or moved. The offset
 * is also written to a file that the functions' processes read (see the functions' {@code OffsetFileClock}).
 */
public final class LocalClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private final java.nio.file.Path file;

    public LocalClock(java.nio.file.Path file) {
        this.file = file;
        publish();
    }

    public java.nio.file.Path file() {
        return file;
    }

    private void publish() {
        try {
            java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            java.nio.file.Files.writeString(tmp, Long.toString(offset.toMillis()));
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the local clock's file cannot be written", e);
        }
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
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    public synchronized Instant set(Instant now) {
        offset = Duration.between(Instant.now(), now);
        publish();
        return instant();
    }

    public synchronized Instant advance(Duration d) {
        offset = offset.plus(d);
        publish();
        return instant();
    }

    public synchronized Instant reset() {
        offset = Duration.ZERO;
        publish();
        return instant();
    }
}
