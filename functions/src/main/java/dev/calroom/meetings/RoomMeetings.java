package dev.calroom.meetings;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.Room;

import java.util.List;

/** Meetings of a room, with the room (views need it to decide what the caller may see). */
public record RoomMeetings(Room room, List<Meeting> meetings) {
}
