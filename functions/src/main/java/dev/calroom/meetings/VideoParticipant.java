package dev.calroom.meetings;

import java.time.Instant;

/** A participant session in a video room, as the provider reports it. */
public record VideoParticipant(String sessionId, String userId, String userName, Instant joinedAt) {
}
