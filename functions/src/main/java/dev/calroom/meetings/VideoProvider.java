package dev.calroom.meetings;

import dev.calroom.domain.VideoRoom;

import java.time.Instant;
import java.util.List;

/** The video-meeting provider (Daily.co): private rooms, meeting tokens, presence. */
public interface VideoProvider {

    /**
     * Creates a private room that closes to joins at {@code expiresAt}. Idempotent: when a room of that name exists
     * already, it is returned.
     */
    VideoRoom createRoom(String name, Instant expiresAt);

    /** Moves a room's expiry; false when the room no longer exists (deleted, or expired and so gone). */
    boolean setRoomExpiry(String name, Instant expiresAt);

    /** Whether a room of that name exists now (not deleted, not expired). */
    boolean roomExists(String name);

    /** Deletes a room; a room that is already gone counts as deleted. */
    void deleteRoom(String name);

    /** Who is in a room now. */
    List<VideoParticipant> presence(String name);

    /** Mints a meeting token for one room. */
    String createToken(MeetingTokenRequest request);
}
