package dev.calroom.ics;

import dev.calroom.domain.Occurrence;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader reads each event as soon as it is lexed, in the zones the feed defined before its first event. A feed
 * that defines a zone (a VTIMEZONE, its X-WR-TIMEZONE) only after its events is read again with every event lexed
 * first: either way the result is the one of reading the whole feed lexed first.
 */
class StreamingReadTest {

    private static final Instant FROM = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-30T00:00:00Z");
    private static final List<String> FEEDS = List.of("allday-windows-zone", "dst-weekly-moved",
            "dtend-before-dtstart", "duplicate-overrides", "escaped-tzid", "misspelt-end", "monthly-setpos",
            "multiple-rrules", "override-exdated", "rdate-period", "rscale", "stale-override", "this-and-future",
            "until-before-dtstart");

    private static final String CUSTOM_ZONE = String.join("\r\n", "BEGIN:VTIMEZONE", "TZID:Office Time",
            "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "TZNAME:OT",
            "END:STANDARD", "END:VTIMEZONE", "");

    private static FeedReadResult read(byte[] feed, Instant from, Instant to, ZoneId zone, boolean streaming)
            throws FeedParseException {
        return new FeedReader().read(feed, from, to, zone, DistantEvents.around(from, to), streaming);
    }

    @Test
    void streaming_readsEveryTestFeed_asReadingItLexedFirst() throws Exception {
        int occurrences = 0;
        for (String name : FEEDS) {
            byte[] feed = resource("/ics/" + name + ".ics");
            // Windows wide enough for each feed's own years.
            for (Instant[] window : List.of(new Instant[] {Instant.parse("1990-01-01T00:00:00Z"),
                Instant.parse("2040-01-01T00:00:00Z")}, new Instant[] {FROM, TO})) {
                FeedReadResult buffered = read(feed, window[0], window[1], ZoneOffset.UTC, false);
                assertEquals(buffered, read(feed, window[0], window[1], ZoneOffset.UTC, true), name);
                occurrences += buffered.occurrences().size();
            }
        }
        assertTrue(occurrences > 50, "occurrences compared: " + occurrences);
    }

    @Test
    void aVtimezoneAfterTheEvents_isStillTheZoneTheyAreReadIn() throws Exception {
        String feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Office Time:20261124T090000\r\n"
                + "DTEND;TZID=Office Time:20261124T100000\r\nSUMMARY:Stand-up\r\nEND:VEVENT\r\n"
                + CUSTOM_ZONE + "END:VCALENDAR\r\n";
        byte[] bytes = feed.getBytes(StandardCharsets.UTF_8);

        FeedReadResult streamed = read(bytes, FROM, TO, ZoneOffset.UTC, true);

        assertEquals(read(bytes, FROM, TO, ZoneOffset.UTC, false), streamed);
        Occurrence o = streamed.occurrences().getFirst();
        assertEquals(Instant.parse("2026-11-24T03:30:00Z"), o.start().instant(), "09:00 at +05:30");
        assertTrue(streamed.problems().isEmpty(), streamed.problems().toString());
    }

    @Test
    void anXwrTimezoneAfterTheEvents_isStillTheZoneOfTheirFloatingTimes() throws Exception {
        String feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261124T090000\r\nDTEND:20261124T100000\r\nEND:VEVENT\r\n"
                + "X-WR-TIMEZONE:Asia/Tokyo\r\nEND:VCALENDAR\r\n";
        byte[] bytes = feed.getBytes(StandardCharsets.UTF_8);

        FeedReadResult streamed = read(bytes, FROM, TO, ZoneOffset.UTC, true);

        assertEquals(read(bytes, FROM, TO, ZoneOffset.UTC, false), streamed);
        assertEquals(ZoneId.of("Asia/Tokyo"), streamed.calendarZone());
        assertEquals(Instant.parse("2026-11-24T00:00:00Z"), streamed.occurrences().getFirst().start().instant());
    }

    @Test
    void concatenatedCalendars_withTheirOwnZones_readAsLexedFirst() throws Exception {
        String first = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n"
                + "DTSTART;TZID=Europe/Berlin:20261124T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        String second = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + CUSTOM_ZONE + "BEGIN:VEVENT\r\nUID:b\r\n"
                + "DTSTART;TZID=Office Time:20261125T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        byte[] bytes = (first + second).getBytes(StandardCharsets.UTF_8);

        FeedReadResult streamed = read(bytes, FROM, TO, ZoneOffset.UTC, true);

        assertEquals(read(bytes, FROM, TO, ZoneOffset.UTC, false), streamed);
        assertEquals(List.of(Instant.parse("2026-11-24T08:00:00Z"), Instant.parse("2026-11-25T03:30:00Z")),
                streamed.occurrences().stream().map(o -> o.start().instant()).toList());
    }

    @Test
    void streaming_readsRandomFeeds_withZonesBeforeAndAfterTheEvents_asLexedFirst() throws Exception {
        Random random = new Random(1124);
        for (int round = 0; round < 30; round++) {
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                String zone = switch (random.nextInt(4)) {
                    case 0 -> "Office Time";
                    case 1 -> "W. Europe Standard Time";
                    case 2 -> "America/New_York";
                    default -> "Nowhere/Unknown";
                };
                String start = String.format("202611%02dT%02d%02d00", 22 + random.nextInt(9), random.nextInt(24),
                        30 * random.nextInt(2));
                events.append("BEGIN:VEVENT\r\nUID:e").append(random.nextInt(30)).append("\r\n")
                        .append(random.nextInt(5) == 0 ? "RECURRENCE-ID;TZID=" + zone + ":" + start + "\r\n" : "")
                        .append("DTSTART;TZID=").append(zone).append(':').append(start).append("\r\n")
                        .append(random.nextInt(4) == 0 ? "RRULE:FREQ=DAILY;COUNT=3\r\n" : "")
                        .append("DURATION:PT1H\r\nSUMMARY:E").append(i).append("\r\nEND:VEVENT\r\n");
            }
            String header = random.nextBoolean() ? CUSTOM_ZONE : "";
            String trailer = header.isEmpty() && random.nextBoolean() ? CUSTOM_ZONE : "";
            String feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + header + events + trailer + "END:VCALENDAR\r\n";
            byte[] bytes = feed.getBytes(StandardCharsets.UTF_8);
            assertEquals(read(bytes, FROM, TO, ZoneId.of("Europe/Paris"), false),
                    read(bytes, FROM, TO, ZoneId.of("Europe/Paris"), true), "round " + round);
        }
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = StreamingReadTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }
}
