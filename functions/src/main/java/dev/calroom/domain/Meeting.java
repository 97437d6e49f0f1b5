package dev.calroom.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A meeting of a room. Calendar meetings are keyed by slot (room, start, end) or, for rooms that key by event, by
 * occurrence; {@code sources} holds the keys ({@link CalendarEvent#key()}) of the events that hold it.
 *
 * @param version incremented by every write; every transition is conditional on it
 */
public record Meeting(String id, String roomName, String title, Instant startsAt, Instant endsAt,
                      MeetingStatus status, String source, Set<String> sources, long version, String description,
                      String location, List<Attendee> attendees) {

    public static final String SOURCE_CALENDAR = "calendar";
}
