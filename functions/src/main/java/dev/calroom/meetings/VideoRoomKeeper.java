package dev.calroom.meetings;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.VideoRoom;
import dev.calroom.domain.VideoRoomName;
import dev.calroom.support.Log;
import dev.calroom.sync.MeetingStore;

import java.time.Instant;
import java.util.Optional;

/**
 * Keeps a meeting's video room in step with the meeting, for join and the lifecycle alike: creates it once under the
 * meeting's own name (so concurrent callers make one room), moves its expiry while a call runs over, and deletes a
 * room it made that the meeting does not hold, so none is left behind.
 */
public final class VideoRoomKeeper {

    private final MeetingStore meetings;
    private final VideoProvider video;
    private final String prefix;

    public VideoRoomKeeper(MeetingStore meetings, VideoProvider video, String prefix) {
        this.meetings = meetings;
        this.video = video;
        this.prefix = prefix;
    }

    /**
     * The meeting holding a video room that closes at {@code expiresAt}; empty when the meeting is over (or gone) and
     * the room made for it was deleted again. A failed write deletes the room too and is rethrown.
     */
    public Optional<Meeting> ensure(Meeting m, Instant expiresAt, Instant now) {
        if (m.videoRoom() != null) {
            return Optional.of(m);
        }
        String name = VideoRoomName.of(prefix, m.roomName(), m.id());
        VideoRoom created = video.createRoom(name, expiresAt);
        Optional<Meeting> attached;
        try {
            attached = meetings.attachVideoRoom(m.roomName(), m.id(), created, now);
        } catch (RuntimeException e) {
            discard(m, name);
            throw e;
        }
        if (attached.isPresent()) {
            return attached;
        }
        return discard(m, name);
    }

    /** Moves an active meeting's hard end and its room's expiry to {@code hardEnd}; a room that expired anyway is made again. */
    public Meeting extend(Meeting m, Instant hardEnd, Instant now) {
        if (!video.setRoomExpiry(m.videoRoom().name(), hardEnd)) {
            video.createRoom(m.videoRoom().name(), hardEnd);
        }
        return meetings.extendHardEnd(m.roomName(), m.id(), hardEnd, now).orElse(m);
    }

    /**
     * Deletes a room this call made, unless the meeting holds it after all (a concurrent caller won); answers the
     * meeting when it does.
     */
    private Optional<Meeting> discard(Meeting m, String name) {
        try {
            Optional<Meeting> current = meetings.get(m.roomName(), m.id());
            if (current.isPresent() && !current.get().isOver() && current.get().videoRoom() != null
                    && current.get().videoRoom().name().equals(name)) {
                return current;
            }
        } catch (RuntimeException e) {
            // Could not tell: delete; the room is made again when it is needed.
        }
        try {
            video.deleteRoom(name);
        } catch (RuntimeException e) {
            Log.warn("video room left to expire", "meetingId", m.id(), "error", e.getMessage());
        }
        return Optional.empty();
    }
}
