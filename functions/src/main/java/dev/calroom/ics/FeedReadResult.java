package dev.calroom.ics;

import dev.calroom.domain.Occurrence;

import java.time.ZoneId;
import java.util.List;

/**
 * What a feed holds within a window.
 *
 * @param occurrences  the occurrences overlapping the window, cancelled ones included, ordered by start
 * @param eventsInFeed how many VEVENTs the feed holds (overrides included)
 * @param problems     what was skipped or repaired, never fatal
 * @param calendarZone the zone floating times were read in (X-WR-TIMEZONE, else the given zone, else UTC)
 */
public record FeedReadResult(List<Occurrence> occurrences, int eventsInFeed, List<FeedProblem> problems,
                             ZoneId calendarZone) {
}
