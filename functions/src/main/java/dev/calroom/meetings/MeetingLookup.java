package dev.calroom.meetings;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;
import dev.calroom.domain.Room;
import dev.calroom.sync.MeetingStore;
import dev.calroom.sync.RoomStore;

/** A room or meeting the request names, or the refusal that it does not exist. */
final class MeetingLookup {

    private MeetingLookup() {
    }

    static Room room(RoomStore rooms, String name) {
        return rooms.get(name).orElseThrow(() -> new RefusedException(Refusal.ROOM_NOT_FOUND,
                "no room named '" + name + "'"));
    }

    static Meeting meeting(MeetingStore meetings, String room, String id) {
        return meetings.get(room, id).orElseThrow(() -> new RefusedException(Refusal.MEETING_NOT_FOUND,
                "room '" + room + "' has no meeting '" + id + "'"));
    }
}
