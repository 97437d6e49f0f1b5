package dev.calroom.meetings;

import dev.calroom.domain.MeetingPolicy;

import java.time.Duration;

/**
 * @param videoRoomPrefix prefix of this deployment's video room names (so deployments can share a Daily domain)
 * @param listLookback    how far back a meeting may have started and still be listed as active
 * @param listAhead       how far ahead the meeting list reaches
 * @param idempotencyTtl  how long an Idempotency-Key is remembered
 */
public record MeetingSettings(MeetingPolicy policy, String videoRoomPrefix, Duration listLookback,
                              Duration listAhead, Duration idempotencyTtl) {

    public static MeetingSettings defaults() {
        return new MeetingSettings(MeetingPolicy.defaults(), "cr", Duration.ofDays(2), Duration.ofHours(24),
                Duration.ofHours(24));
    }
}
