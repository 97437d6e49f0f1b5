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
    /** When each recorded room was last seen to exist at the provider, in this container. */
    private final java.util.Map<String, Instant> checkedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.time.Duration RECHECK = java.time.Duration.ofMinutes(1);

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
            return Optional.of(present(m, expiresAt, now));
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

    /**
     * The meeting, with its recorded room made sure to exist at the provider: a room the provider lost (deleted by a
     * teardown racing a reinstated meeting, removed by hand) is made again under its name before anyone is handed a
     * token for it. Checked at most once a minute per room in this container, so a crowd joining at the start costs
     * the provider one read.
     */
    private Meeting present(Meeting m, Instant expiresAt, Instant now) {
        String name = m.videoRoom().name();
        Instant checked = checkedAt.get(name);
        if (checked != null && checked.plus(RECHECK).isAfter(now)) {
            return m;
        }
        if (!video.roomExists(name)) {
            Log.warn("recorded video room missing at the provider; made again", "meetingId", m.id());
            video.createRoom(name, m.videoRoom().expiresAt() != null && m.videoRoom().expiresAt().isAfter(expiresAt)
                    ? m.videoRoom().expiresAt() : expiresAt);
        }
        if (checkedAt.size() > 10_000) {
            checkedAt.clear();
        }
        checkedAt.put(name, now);
        return m;
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
            // Could not tell whether a concurrent caller holds it: deleting might end a live call, so the room is
            // left to close at its expiry (the meeting's hard end) instead.
            Log.warn("video room left to expire: whether the meeting holds it could not be read", "meetingId", m.id(),
                    "error", e.getMessage());
            return Optional.empty();
        }
        try {
            video.deleteRoom(name);
        } catch (RuntimeException e) {
            Log.warn("video room left to expire", "meetingId", m.id(), "error", e.getMessage());
        }
        return Optional.empty();
    }
}
