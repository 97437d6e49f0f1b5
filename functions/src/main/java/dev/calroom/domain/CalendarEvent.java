package dev.calroom.domain;

import java.time.Instant;
import java.util.List;

/**
 * A stored occurrence of a room's calendar event, keyed by room, UID and occurrence (RECURRENCE-ID).
 *
 * @param contentHash hash of everything a sync compares (times, status, text, attendees, SEQUENCE, LAST-MODIFIED)
 * @param deleted     soft-deleted: a future occurrence that left the feed; restored if it comes back
 */
public record CalendarEvent(String uid, String recurrenceId, Instant startsAt, Instant endsAt, boolean allDay,
                            EventStatus status, String summary, String description, String location,
                            List<Attendee> attendees, int sequence, Instant lastModified, String contentHash,
                            boolean deleted, Instant deletedAt) {

    /** The occurrence identity within a room: UID and RECURRENCE-ID ("-" for a non-recurring event). */
    public String key() {
        return key(uid, recurrenceId);
    }

    public static String key(String uid, String recurrenceId) {
        return uid + "\u001f" + (recurrenceId == null ? "-" : recurrenceId);
    }

    /** Takes part in meetings: not deleted, not cancelled, not all-day. */
    public boolean active() {
        return !deleted && status != EventStatus.CANCELLED && !allDay;
    }

    public boolean overlaps(Instant from, Instant to) {
        return Occurrence.overlaps(startsAt, endsAt, from, to);
    }

    public CalendarEvent asDeleted(Instant at) {
        return new CalendarEvent(uid, recurrenceId, startsAt, endsAt, allDay, status, summary, description, location,
                attendees, sequence, lastModified, contentHash, true, at);
    }
}
