package dev.calroom.domain;

import java.time.Instant;
import java.util.List;

/**
 * One occurrence of a calendar event, after recurrence expansion: a non-recurring event, one instance of a series,
 * or an override (RECURRENCE-ID) of one instance. Identified within a feed by {@code uid} and {@code recurrenceId}.
 *
 * @param recurrenceId the original start of the instance this occurrence stands for (ISO text), null when the event
 *                     does not recur
 * @param matchText    LOCATION, DESCRIPTION, URL and conference values, for room matching
 * @param sequence     SEQUENCE, 0 when absent
 * @param lastModified LAST-MODIFIED as an instant, null when absent
 */
public record Occurrence(
        String uid,
        String recurrenceId,
        EventTime start,
        EventTime end,
        EventStatus status,
        String summary,
        String location,
        String description,
        List<String> matchText,
        List<Attendee> attendees,
        String organizer,
        int sequence,
        Instant lastModified) {

    public boolean allDay() {
        return start instanceof EventTime.AllDay;
    }

    public boolean floating() {
        return start instanceof EventTime.Floating;
    }

    public boolean cancelled() {
        return status == EventStatus.CANCELLED;
    }

    /**
     * Whether [start, end) overlaps [from, to); a zero-length span overlaps when it starts inside. The one rule for
     * windows, used by the reader and by sync alike.
     */
    public static boolean overlaps(Instant start, Instant end, Instant from, Instant to) {
        if (end.equals(start)) {
            return !start.isBefore(from) && start.isBefore(to);
        }
        return start.isBefore(to) && end.isAfter(from);
    }
}
