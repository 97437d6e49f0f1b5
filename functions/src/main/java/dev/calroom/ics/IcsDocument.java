package dev.calroom.ics;

import java.util.List;
import java.util.Map;

/**
 * A feed split into its parts: calendar properties, VTIMEZONE definitions (as text, built only when an event needs
 * one) and VEVENTs.
 */
record IcsDocument(Map<String, String> calendarProperties, Map<String, String> timezones, List<RawEvent> events,
                   List<FeedProblem> problems) {
}
