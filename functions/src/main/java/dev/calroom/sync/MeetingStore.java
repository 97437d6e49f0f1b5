package dev.calroom.sync;

import dev.calroom.domain.Meeting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A room's meetings. Every write is conditional, so concurrent writers never overwrite each other. */
public interface MeetingStore {

    /** Meetings of a room whose start lies in [from, to), by start. */
    List<Meeting> listStartingBetween(String room, Instant from, Instant to);

    Optional<Meeting> get(String room, String meetingId);

    /** Creates a meeting unless one with its id exists; false when it existed. */
    boolean create(Meeting meeting);

    /**
     * Replaces a calendar meeting's source events when its version is still {@code expectedVersion}; with
     * {@code reschedule}, a cancelled meeting that has not started is scheduled again. False when the meeting
     * changed meanwhile.
     */
    boolean replaceSources(String room, String meetingId, Set<String> sources, long expectedVersion,
                           boolean reschedule, Instant now);

    /** Cancels a scheduled meeting that has not started, when its version is still {@code expectedVersion}. */
    boolean cancel(String room, String meetingId, long expectedVersion, Instant now);
}
