package dev.calroom.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A meeting of a room. Calendar meetings are keyed by slot (room, start, end) or, for rooms that key by event, by
 * occurrence; {@code sources} holds the keys ({@link CalendarEvent#key()}) of the events that hold it. Unscheduled
 * ("adhoc") meetings are created through the API.
 *
 * @param version   incremented by every write; every transition is conditional on it
 * @param presence  who is in the video room, as the webhooks and presence reconciliation report it
 * @param videoRoom the meeting's video room once created, or null
 * @param hardEndAt when the video room closes unless extended; null until set (see {@link MeetingPolicy#hardEnd})
 * @param createdBy the user who created an unscheduled meeting, or null
 * @param detailsSource the source event a calendar meeting takes its title, description and location from: kept
 *                      while that event holds the meeting, so another event at the same slot cannot retitle it
 */
public record Meeting(String id, String roomName, String title, Instant startsAt, Instant endsAt,
                      MeetingStatus status, String source, Set<String> sources, long version, String description,
                      String location, List<Attendee> attendees, Presence presence, VideoRoom videoRoom,
                      Instant hardEndAt, Instant endedAt, String createdBy, String detailsSource) {

    /** What a meeting id may look like (ids are made by calroom: slot, occurrence or unscheduled). */
    public static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,128}");

    public static final String SOURCE_CALENDAR = "calendar";
    public static final String SOURCE_ADHOC = "adhoc";

    public Meeting {
        presence = presence == null ? Presence.EMPTY : presence;
        attendees = attendees == null ? List.of() : attendees;
        sources = sources == null ? Set.of() : sources;
    }

    /** A calendar meeting as sync first creates it. */
    public static Meeting calendar(String id, String roomName, String title, Instant startsAt, Instant endsAt,
                                   Set<String> sources, String description, String location,
                                   List<Attendee> attendees) {
        return calendar(id, roomName, title, startsAt, endsAt, sources, description, location, attendees,
                sources == null || sources.isEmpty() ? null : new java.util.TreeSet<>(sources).first());
    }

    public static Meeting calendar(String id, String roomName, String title, Instant startsAt, Instant endsAt,
                                   Set<String> sources, String description, String location,
                                   List<Attendee> attendees, String detailsSource) {
        return new Meeting(id, roomName, title, startsAt, endsAt, MeetingStatus.SCHEDULED, SOURCE_CALENDAR, sources,
                1, description, location, attendees, Presence.EMPTY, null, null, null, null, detailsSource);
    }

    public boolean isCalendar() {
        return SOURCE_CALENDAR.equals(source);
    }

    public boolean isOver() {
        return status == MeetingStatus.ENDED || status == MeetingStatus.CANCELLED;
    }
}
