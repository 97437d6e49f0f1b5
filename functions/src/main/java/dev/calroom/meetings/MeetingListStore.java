package dev.calroom.meetings;

import java.time.Instant;
import java.util.Optional;

/** What reading a room's meetings needs: the room and its meetings in one read. */
public interface MeetingListStore {

    /**
     * The room with its meetings starting in [{@code from}, {@code to}), by start; empty when there is no such room.
     * One read: the room item sorts after its meeting items.
     */
    Optional<RoomMeetings> roomWithMeetingsStartingBetween(String room, Instant from, Instant to);

    /**
     * The room with the meeting {@code meetingId} (no meeting when it has none of that id); empty when there is no such
     * room. One request for both.
     */
    Optional<RoomMeetings> roomWithMeeting(String room, String meetingId);
}
