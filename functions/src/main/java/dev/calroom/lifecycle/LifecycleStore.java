package dev.calroom.lifecycle;

import dev.calroom.domain.Meeting;
import dev.calroom.meetings.VideoParticipant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The lifecycle's view of meetings: due work, claims, and the transitions it makes. All writes are conditional. */
public interface LifecycleStore {

    /** Meetings whose next action time has come, oldest first, at most {@code limit}. */
    List<DueMeeting> due(Instant now, int limit);

    /**
     * Claims a due meeting until {@code leaseUntil}, when its next action time is still {@code seen} (no other run
     * claimed it). The claimed meeting, or empty.
     */
    Optional<Meeting> claim(DueMeeting due, Instant leaseUntil);

    /** Sets the next action time (null: no more work) while still holding the claim. */
    void schedule(String room, String meetingId, Instant leaseUntil, Instant next);

    /**
     * Ends an open meeting read at {@code expectedVersion} (a join since then makes this fail). The ended meeting, or
     * empty.
     */
    Optional<Meeting> end(String room, String meetingId, long expectedVersion, Instant now);

    /**
     * Replaces the recorded presence with what the video provider reports, when the meeting is still at
     * {@code expectedVersion}. The updated meeting, or empty.
     */
    Optional<Meeting> reconcilePresence(String room, String meetingId, long expectedVersion,
                                        List<VideoParticipant> present, Instant now);

    /** Records that an over meeting's video room is deleted and takes the meeting off the due index. */
    boolean videoRoomDeleted(String room, String meetingId, Instant now);

    /**
     * Removes a deleted video room from a meeting that still names it (one sync brought back meanwhile), so no
     * record names a room that no longer exists; the next join makes a new one. False when it names another room.
     */
    boolean forgetVideoRoom(String room, String meetingId, String videoRoom, Instant now);
}
