package dev.calroom.meetings;

import java.time.Instant;
import java.util.Optional;

/** What listing a room's meetings needs: the room and its meetings in one read. */
public interface MeetingListStore {

    /**
     * The room with its meetings starting in [{@code from}, {@code to}), by start; empty when there is no such room.
     * One read: the room item sorts after its meeting items.
     */
    Optional<RoomMeetings> roomWithMeetingsStartingBetween(String room, Instant from, Instant to);
}
