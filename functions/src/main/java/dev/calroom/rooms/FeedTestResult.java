package dev.calroom.rooms;

import java.time.Instant;
import java.util.List;

/**
 * What a feed holds, read without storing anything (the "test connection" button).
 *
 * @param ok                  false when the feed could not be fetched or read; {@code error} says why
 * @param eventsInFeed        VEVENTs in the feed
 * @param occurrencesInWindow occurrences in the sync window, recurrences expanded
 * @param matching            of those, how many belong to the room under its match setting
 * @param samples             a few matching occurrences, soonest first
 */
public record FeedTestResult(boolean ok, String error, int eventsInFeed, int occurrencesInWindow, int matching,
                             int problems, List<Sample> samples) {

    public static FeedTestResult failed(String error) {
        return new FeedTestResult(false, error, 0, 0, 0, 0, List.of());
    }

    /** One occurrence. */
    public record Sample(String title, Instant startsAt, Instant endsAt) {
    }
}
