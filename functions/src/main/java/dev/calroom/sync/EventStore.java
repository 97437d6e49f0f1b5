package dev.calroom.sync;

import dev.calroom.domain.CalendarEvent;

import java.util.List;

/** A room's stored calendar event occurrences. */
public interface EventStore {

    List<CalendarEvent> list(String room);

    void put(String room, CalendarEvent event);
}
