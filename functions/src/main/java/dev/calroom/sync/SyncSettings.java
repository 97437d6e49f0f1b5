package dev.calroom.sync;

import java.time.Duration;

/**
 * @param behind         how far before now occurrences are considered (an ongoing event is included)
 * @param ahead          how far after now meetings are created
 * @param lookahead      how much further events are read and stored, so an unchanged feed need not be re-read
 *                       every time the window moves
 * @param lease          how long one sync of a room may hold its lease
 * @param publicBaseUrl  rooms' public URLs are this plus "/" plus the room name
 */
public record SyncSettings(Duration behind, Duration ahead, Duration lookahead, Duration lease,
                           String publicBaseUrl) {

    public static SyncSettings defaults(String publicBaseUrl) {
        return new SyncSettings(Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24),
                Duration.ofMinutes(2), publicBaseUrl);
    }
}
