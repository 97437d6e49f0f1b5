package dev.calroom.sync;

import java.time.Duration;

/**
 * @param behind         how far before now occurrences are considered (an ongoing event is included)
 * @param ahead          how far after now meetings are created
 * @param lookahead      how much further events are read and stored, so an unchanged feed need not be re-read
 *                       every time the window moves
 * @param lease          how long one sync of a room may hold its lease
 * @param publicBaseUrl  rooms' public URLs are this plus "/" plus the room name
 * @param maxOccurrencesPerSync  occurrences of one room stored by one sync at most (a FREQ=MINUTELY feed of a few
 *                               hundred bytes otherwise makes thousands of writes)
 * @param maxMeetingsPerWindow   calendar meetings one room may have in the meeting window (24 h) at most
 */
public record SyncSettings(Duration behind, Duration ahead, Duration lookahead, Duration lease,
                           String publicBaseUrl, int maxOccurrencesPerSync, int maxMeetingsPerWindow) {

    public static final int DEFAULT_MAX_OCCURRENCES_PER_SYNC = 1000;
    public static final int DEFAULT_MAX_MEETINGS_PER_WINDOW = 48;

    public SyncSettings(Duration behind, Duration ahead, Duration lookahead, Duration lease, String publicBaseUrl) {
        this(behind, ahead, lookahead, lease, publicBaseUrl, DEFAULT_MAX_OCCURRENCES_PER_SYNC,
                DEFAULT_MAX_MEETINGS_PER_WINDOW);
    }

    public static SyncSettings defaults(String publicBaseUrl) {
        return new SyncSettings(Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24),
                Duration.ofMinutes(2), publicBaseUrl);
    }
}
