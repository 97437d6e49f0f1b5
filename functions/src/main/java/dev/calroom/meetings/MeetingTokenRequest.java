package dev.calroom.meetings;

import java.time.Instant;

/**
 * What a meeting token allows: joining one room between {@code notBefore} and {@code expiresAt}.
 *
 * @param userId a stable id for the participant (at most 36 characters), or null for a guest
 */
public record MeetingTokenRequest(String roomName, String userName, String userId, boolean owner, Instant notBefore,
                                  Instant expiresAt) {
}
