package dev.calroom.meetings;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.Room;

import java.time.Instant;

/** What a participant needs to enter a meeting: the video room's URL and a token for it. */
public record JoinResult(Room room, Meeting meeting, String roomUrl, String token, Instant tokenExpiresAt) {
}
