package dev.calroom.domain;

import java.time.Instant;

/**
 * Who is in a meeting's video room.
 *
 * @param count         participants present now
 * @param firstJoinedAt when the first participant joined, or null if nobody ever did
 * @param lastLeftAt    when a participant last left, or null
 */
public record Presence(int count, Instant firstJoinedAt, Instant lastLeftAt) {

    public static final Presence EMPTY = new Presence(0, null, null);

    public Presence {
        count = Math.max(0, count);
    }
}
