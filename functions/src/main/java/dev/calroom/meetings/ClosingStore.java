package dev.calroom.meetings;

import dev.calroom.domain.Meeting;

import java.time.Instant;
import java.util.Optional;

/** What the owner's End and Cancel need from the meeting records. */
public interface ClosingStore {

    /**
     * Ends an open meeting read at {@code expectedVersion} and makes it due for the lifecycle at once, so its video
     * room is torn down even if this request cannot do it. The ended meeting, or empty when it moved meanwhile.
     */
    Optional<Meeting> endNow(String room, String meetingId, long expectedVersion, Instant now);

    /**
     * Cancels a meeting nobody has entered ({@code scheduled}) read at {@code expectedVersion}, and makes it due
     * for the lifecycle at once. The cancelled meeting, or empty when it moved meanwhile.
     */
    Optional<Meeting> cancelUnstarted(String room, String meetingId, long expectedVersion, Instant now);

    /** Records that an over meeting's video room is deleted and takes the meeting off the due index. */
    boolean videoRoomDeleted(String room, String meetingId, Instant now);
}
