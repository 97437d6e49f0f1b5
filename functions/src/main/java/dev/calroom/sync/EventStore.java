package dev.calroom.sync;

import dev.calroom.domain.CalendarEvent;

import java.time.Instant;
import java.util.List;

/** A room's stored calendar event occurrences. */
public interface EventStore {

    /**
     * The occurrences ending at or after {@code after}: what a sync can still change. Read eventually consistent
     * (one sync at a time holds the room, and none reads its own writes), so a room's history costs a sync nothing.
     */
    List<CalendarEvent> listEndingAfter(String room, Instant after);

    /**
     * A sync's writes: stores {@code puts} and removes {@code removes} (occurrences whose end moved, so they are
     * stored under another key now), each only while the room still carries the lease {@code leaseOwner} holds.
     *
     * @throws RoomLeaseLostException when the room was deleted or its sync taken over (nothing more is written)
     */
    void write(String room, String leaseOwner, java.util.List<CalendarEvent> puts,
               java.util.List<CalendarEvent> removes);
}
