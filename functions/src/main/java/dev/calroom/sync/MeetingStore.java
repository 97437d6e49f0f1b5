package dev.calroom.sync;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.VideoRoom;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A room's meetings. Every write is conditional, so concurrent writers never overwrite each other. */
public interface MeetingStore {

    /** Meetings of a room whose start lies in [from, to), by start. */
    List<Meeting> listStartingBetween(String room, Instant from, Instant to);

    Optional<Meeting> get(String room, String meetingId);

    /**
     * Creates a meeting unless one with its id exists (false when it existed), only while the room still carries the
     * lease {@code leaseOwner} holds (null: no lease check).
     *
     * @throws RoomLeaseLostException when the room was deleted or its sync taken over
     */
    boolean create(Meeting meeting, String leaseOwner);

    /**
     * Creates an unscheduled meeting. With an idempotency key (Powertools' semantics): the first create under the key
     * wins; a later one with the same request ({@code requestHash}) returns the first meeting until
     * {@code keyExpiresAt}, one with another request is reported as a reuse; concurrent ones wait for the first.
     */
    AdhocCreation createAdhoc(Meeting meeting, String idempotencyKey, String requestHash, Instant now,
                              Instant keyExpiresAt);

    /**
     * Brings a calendar meeting in line with its bookings (sources, title, description, location, attendees, end)
     * when its version is still {@code expectedVersion}; with {@code reschedule}, a cancelled meeting that has not
     * started is scheduled again. A moved end makes the meeting due for the lifecycle at once. False when the
     * meeting changed meanwhile.
     */
    boolean updateFromBookings(String room, String meetingId, BookingDetails details, long expectedVersion,
                               boolean reschedule, Instant now, String leaseOwner);

    /**
     * Cancels a scheduled meeting that has not started, when its version is still {@code expectedVersion}, only while
     * the room carries the lease {@code leaseOwner} holds (null: no lease check).
     */
    boolean cancel(String room, String meetingId, long expectedVersion, Instant now, String leaseOwner);

    /**
     * Records a meeting's video room, when the meeting is still scheduled or active and holds no other room. Empty
     * when it does not (the caller then deletes the room it made).
     */
    Optional<Meeting> attachVideoRoom(String room, String meetingId, VideoRoom video, Instant now);

    /** Moves an active meeting's hard end (and its video room's expiry) later; empty when it is not active. */
    Optional<Meeting> extendHardEnd(String room, String meetingId, Instant hardEnd, Instant now);

    /**
     * A participant session joined. Applied once per session, never after that session left, and never to a meeting
     * that is over; a scheduled meeting becomes active.
     */
    PresenceChange participantJoined(String room, String meetingId, String sessionId, String userId, Instant at,
                                     Instant now);

    /** A participant session left; recorded even when its join has not arrived yet, so a late join is ignored. */
    PresenceChange participantLeft(String room, String meetingId, String sessionId, Instant at, Instant now);

    /** The provider reported the call over (everyone left); recorded on the meeting. */
    PresenceChange videoMeetingEnded(String room, String meetingId, Instant at, Instant now);
}
