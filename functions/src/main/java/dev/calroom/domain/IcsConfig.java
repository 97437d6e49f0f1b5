package dev.calroom.domain;

import java.util.Set;

/**
 * A room's calendar feed settings.
 *
 * @param url                  the feed URL; often carries a secret token, so it is never returned or logged
 * @param fetchIntervalMinutes one of {@link #INTERVALS}
 * @param timezone             zone for floating times when the feed names none (IANA id), or null
 */
public record IcsConfig(String url, boolean enabled, int fetchIntervalMinutes, MatchMode match, String timezone,
                        MeetingKeyMode meetingKey) {

    public static final Set<Integer> INTERVALS = Set.of(1, 5, 10, 30, 60);
    public static final int DEFAULT_INTERVAL = 5;

    public IcsConfig {
        if (!INTERVALS.contains(fetchIntervalMinutes)) {
            throw new IllegalArgumentException("fetchIntervalMinutes must be one of 1, 5, 10, 30, 60");
        }
        match = match == null ? MatchMode.ROOM_URL : match;
        meetingKey = meetingKey == null ? MeetingKeyMode.SLOT : meetingKey;
    }
}
