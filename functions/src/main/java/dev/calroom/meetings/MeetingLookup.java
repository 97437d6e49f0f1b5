package dev.calroom.meetings;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;
import dev.calroom.domain.Room;
import dev.calroom.sync.MeetingStore;
import dev.calroom.sync.RoomStore;

import java.util.Map;

/** A room or meeting the request names, or the refusal that it does not exist. */
final class MeetingLookup {

    private MeetingLookup() {
    }

    static Room room(RoomStore rooms, String name) {
        return rooms.get(name).orElseThrow(() -> noRoom(name));
    }

    static RefusedException noRoom(String name) {
        return new RefusedException(Refusal.ROOM_NOT_FOUND, "no room named '" + name + "'");
    }

    /** The refusal for a meeting that is cancelled or over (410, with its status). */
    static RefusedException over(Meeting m) {
        return new RefusedException(Refusal.MEETING_ENDED, "the meeting is "
                + (m.status() == MeetingStatus.CANCELLED ? "cancelled" : "over"),
                Map.of("meetingStatus", m.status().wire()), null);
    }

    static Meeting meeting(MeetingStore meetings, String room, String id) {
        return meetings.get(room, id).orElseThrow(() -> noMeeting(room, id));
    }

    static RefusedException noMeeting(String room, String id) {
        return new RefusedException(Refusal.MEETING_NOT_FOUND, "room '" + room + "' has no meeting '" + id + "'");
    }
}
