package dev.calroom.sync;

import dev.calroom.domain.CalendarEvent;

import java.time.Instant;
import java.util.List;

/** A room's stored calendar event occurrences. */
public interface EventStore {

    /** Every stored occurrence of the room, history included. */
    List<CalendarEvent> list(String room);

    /**
     * The occurrences ending at or after {@code after}: what a sync can still change. Read eventually consistent
     * (one sync at a time holds the room, and none reads its own writes), so a room's history costs a sync nothing.
     */
    List<CalendarEvent> listEndingAfter(String room, Instant after);

    void put(String room, CalendarEvent event);

    /** Removes a stored occurrence (its end moved, so it is stored under another key now). */
    void remove(String room, CalendarEvent event);

    /**
     * A sync's writes: stores {@code puts} and removes {@code removes}, each only while the room still carries the
     * lease {@code leaseOwner} holds.
     *
     * @throws RoomLeaseLostException when the room was deleted or its sync taken over (nothing more is written)
     */
    void write(String room, String leaseOwner, java.util.List<CalendarEvent> puts,
               java.util.List<CalendarEvent> removes);
}
