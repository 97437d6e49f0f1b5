package dev.calroom.meetings;

import dev.calroom.auth.Caller;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;
import dev.calroom.domain.Room;
import dev.calroom.rooms.RoomService;
import dev.calroom.support.Log;
import dev.calroom.sync.MeetingStore;
import dev.calroom.sync.RoomStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The owner's End and Cancel. Ending deletes the meeting's video room at once, so everyone in the call is put out
 * by the video provider; the meeting is ended before the room is deleted, and an ended meeting takes no join and no
 * presence webhook, so nothing reopens it. Cancelling is for unscheduled meetings nobody has entered: a calendar
 * meeting belongs to the calendar, where cancelling it reaches its attendees too.
 */
public final class MeetingClosing {

    /** Writes a concurrent join or webhook may move first; each attempt reads the meeting again. */
    private static final int ATTEMPTS = 5;

    private final RoomStore rooms;
    private final MeetingStore meetings;
    private final ClosingStore store;
    private final VideoProvider video;
    private final Clock clock;

    public MeetingClosing(RoomStore rooms, MeetingStore meetings, ClosingStore store, VideoProvider video,
                          Clock clock) {
        this.rooms = rooms;
        this.meetings = meetings;
        this.store = store;
        this.video = video;
        this.clock = clock;
    }

    /** Ends an open meeting for everyone. */
    public Meeting endNow(String roomName, String meetingId, Caller caller) {
        RoomService.requireOwner(room(roomName), caller);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Meeting m = meeting(roomName, meetingId);
            requireOpen(m);
            Instant now = clock.instant();
            Optional<Meeting> ended = store.endNow(roomName, meetingId, m.version(), now);
            if (ended.isPresent()) {
                Log.info("meeting ended by its owner", "room", roomName, "meetingId", meetingId);
                return tearDown(ended.get(), now);
            }
        }
        throw busy();
    }

    /** Cancels an unscheduled meeting nobody has entered. */
    public Meeting cancel(String roomName, String meetingId, Caller caller) {
        RoomService.requireOwner(room(roomName), caller);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Meeting m = meeting(roomName, meetingId);
            requireOpen(m);
            if (m.isCalendar()) {
                throw new RefusedException(Refusal.MEETING_FROM_CALENDAR, "this meeting comes from the room's "
                        + "calendar: cancel the event there, and the next sync removes it",
                        Map.of("meetingStatus", m.status().wire()), null);
            }
            if (m.status() == MeetingStatus.ACTIVE) {
                throw new RefusedException(Refusal.MEETING_IN_PROGRESS, "people are in this meeting: end it instead",
                        Map.of("meetingStatus", m.status().wire()), null);
            }
            Instant now = clock.instant();
            Optional<Meeting> cancelled = store.cancelUnstarted(roomName, meetingId, m.version(), now);
            if (cancelled.isPresent()) {
                Log.info("meeting cancelled by its owner", "room", roomName, "meetingId", meetingId);
                return tearDown(cancelled.get(), now);
            }
        }
        throw busy();
    }

    /**
     * Deletes the over meeting's video room. When the provider fails, the meeting stays due for the lifecycle, which
     * deletes it on its next run; the meeting is over either way.
     */
    private Meeting tearDown(Meeting over, Instant now) {
        if (over.videoRoom() == null) {
            store.videoRoomDeleted(over.roomName(), over.id(), now);
            return over;
        }
        try {
            video.deleteRoom(over.videoRoom().name());
            store.videoRoomDeleted(over.roomName(), over.id(), now);
        } catch (VideoProviderException e) {
            Log.warn("video room not deleted; the lifecycle retries", "room", over.roomName(), "meetingId",
                    over.id(), "error", e.getMessage());
        }
        return over;
    }

    private static void requireOpen(Meeting m) {
        if (m.isOver()) {
            throw MeetingLookup.over(m);
        }
    }

    private static RefusedException busy() {
        return new RefusedException(Refusal.MEETING_IN_PROGRESS, "the meeting kept changing; try again",
                Map.of(), java.time.Duration.ofSeconds(1));
    }

    private Room room(String name) {
        return MeetingLookup.room(rooms, name);
    }

    private Meeting meeting(String room, String id) {
        return MeetingLookup.meeting(meetings, room, id);
    }
}
