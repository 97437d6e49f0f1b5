package dev.calroom.ics;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the lexer drops of events far from the window changes nothing the reader returns: random feeds full of the
 * cases where it could (zones 14 hours either side of UTC, events on the margin, duplicate UIDs with one copy far
 * and one near, far overrides of instances inside the window, events without UID or with broken times) read the
 * same with and without it, occurrence for occurrence and problem for problem.
 */
class DistantEventsTest {

    private static final Instant FROM = Instant.parse("2026-11-23T07:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-24T08:00:00Z");
    private static final String[] ZONES = {"Pacific/Kiritimati", "Etc/GMT+12", "Europe/Berlin", "America/New_York",
        "Asia/Kathmandu", "UTC"};
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    @Test
    void read_isTheSame_withAndWithoutDroppingDistantLines_onRandomFeeds() throws Exception {
        Random random = new Random(20261124);
        int occurrences = 0;
        int problems = 0;
        for (int round = 0; round < 40; round++) {
            byte[] feed = randomFeed(random, round).getBytes(StandardCharsets.UTF_8);
            ZoneId floating = ZoneId.of(ZONES[random.nextInt(ZONES.length)]);
            FeedReadResult filtered = new FeedReader().read(feed, FROM, TO, floating);
            FeedReadResult full = new FeedReader().read(feed, FROM, TO, floating, null);
            assertEquals(full, filtered, "round " + round);
            occurrences += full.occurrences().size();
            problems += full.problems().size();
        }
        // The feeds reach the cases compared: occurrences near the margins and the problems of broken events.
        assertTrue(occurrences > 200, "occurrences compared: " + occurrences);
        assertTrue(problems > 40, "problems compared: " + problems);
    }

    @Test
    void lex_keepsOnlyTheLinesTheReaderReads_ofAnEventFarFromTheWindow() throws Exception {
        String feed = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0",
                "BEGIN:VEVENT", "UID:far", "DTSTAMP:20260101T000000Z", "SEQUENCE:2",
                "DTSTART;TZID=Europe/Berlin:20260101T090000", "DTEND;TZID=Europe/Berlin:20260101T100000",
                "SUMMARY:Far", "DESCRIPTION:long", "ATTENDEE:mailto:a@example.com", "END:VEVENT",
                "BEGIN:VEVENT", "UID:near", "DTSTART:20261123T120000Z", "DTEND:20261123T130000Z", "SUMMARY:Near",
                "END:VEVENT",
                "BEGIN:VEVENT", "UID:series", "RECURRENCE-ID:20261123T090000Z", "DTSTAMP:20260101T000000Z",
                "LAST-MODIFIED:20260102T000000Z", "DTSTART:20270101T090000Z", "DTEND:20270101T100000Z",
                "SUMMARY:Moved far", "END:VEVENT",
                "BEGIN:VEVENT", "UID:series", "RECURRENCE-ID;RANGE=THISANDFUTURE:20250101T090000Z",
                "DTSTART:20250101T110000Z", "SUMMARY:Later ones", "END:VEVENT",
                "BEGIN:VEVENT", "UID:weekly", "DTSTART:20200101T090000Z", "RRULE:FREQ=WEEKLY", "SUMMARY:W",
                "END:VEVENT",
                "BEGIN:VEVENT", "DTSTART:20200101T090000Z", "SUMMARY:No UID", "LOCATION:x", "END:VEVENT",
                "END:VCALENDAR", "");
        List<RawEvent> events = IcsLexer.lex(feed.getBytes(StandardCharsets.UTF_8),
                DistantEvents.around(FROM, TO)).events();
        assertEquals(List.of("UID", "SEQUENCE", "DTSTART", "DTEND"), names(events.get(0)));
        assertEquals(List.of("UID", "DTSTART", "DTEND", "SUMMARY"), names(events.get(1)));
        assertEquals(List.of("UID", "RECURRENCE-ID", "DTSTAMP", "LAST-MODIFIED", "DTSTART", "DTEND"),
                names(events.get(2)));
        assertEquals(List.of("UID", "RECURRENCE-ID", "DTSTART", "SUMMARY"), names(events.get(3)));
        assertEquals(List.of("UID", "DTSTART", "RRULE", "SUMMARY"), names(events.get(4)));
        assertEquals(List.of("DTSTART", "SUMMARY"), names(events.get(5)));
    }

    @Test
    void isDistant_keepsEvents_whoseLocalDatesAreWithinTwoDaysOfTheWindow() throws Exception {
        DistantEvents distant = DistantEvents.around(FROM, TO);
        // Kiritimati is UTC+14: its 25 November 21:00 is 24 November 07:00 UTC, inside the window.
        assertFalse(distant.isDistant(event("DTSTART;TZID=Pacific/Kiritimati:20261125T210000")));
        assertFalse(distant.isDistant(event("DTSTART:20261126T235959Z")));
        assertTrue(distant.isDistant(event("DTSTART:20261127T000000Z")));
        // An event whose end reaches back to the margin is kept, however early it starts.
        assertFalse(distant.isDistant(event("DTSTART:20261001T090000Z", "DTEND:20261121T090000Z")));
        assertTrue(distant.isDistant(event("DTSTART:20261001T090000Z", "DTEND:20261120T090000Z")));
        // A DTEND before DTSTART ends the event where it starts (the reader reads it as zero length).
        assertFalse(distant.isDistant(event("DTSTART:20261120T090000Z", "DTEND:20261001T090000Z")));
        assertTrue(distant.isDistant(event("DTSTART:20261101T090000Z", "DTEND:20261001T090000Z")));
        // A DURATION is judged by the start alone; anything not plainly a date leaves the event whole.
        assertFalse(distant.isDistant(event("DTSTART:20260101T090000Z", "DURATION:P400D")));
        assertTrue(distant.isDistant(event("DTSTART:20270101T090000Z", "DURATION:PT1H")));
        assertFalse(distant.isDistant(event("DTSTART:2026-01-01T09:00:00Z")));
        assertFalse(distant.isDistant(event("DTSTART:20260101T090000Z", "DTEND:garbage")));
        assertFalse(distant.isDistant(event("DTSTART:20260101T090000Z", "RDATE:20261123T090000Z")));
    }

    @Test
    void parseFromBytes_agreesWithParsingTheDecodedValue() throws Exception {
        ZoneResolver zones = new ZoneResolver(Map.of(), ZoneOffset.UTC, new ArrayList<>());
        for (String line : List.of("DTSTART:20261124", "DTSTART:20261124T090000", "DTSTART:20261124T090000Z",
                "DTSTART:20261124T090000z", "DTSTART: 20261124T090000 ", "DTSTART:20261124T0900",
                "DTSTART:20261324T090000", "DTSTART:20260231", "DTSTART:20261124T240000", "DTSTART:20261124T235960",
                "DTSTART:2026-11-24", "DTSTART:20261124X090000", "DTSTART:20261124T090000Q",
                "DTSTART;TZID=Europe/Berlin:20261124T090000", "DTSTART;TZID=Europe/Berlin:20261124T090000Z",
                "DTSTART;TZID=W. Europe Standard Time:20261124T090000", "DTSTART;VALUE=DATE:20261124",
                "DTSTART;VALUE=DATE:20261124T090000", "DTSTART;TZID=Nowhere/Else:20261124T090000",
                "DTSTART:", "DTSTART:1")) {
            ContentLine l = IcsLexer.lex(("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + line
                    + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").getBytes(StandardCharsets.UTF_8), null).events().getFirst()
                    .first("DTSTART");
            assertEquals(IcsValues.parse(l.value(), l.param("VALUE"), l.param("TZID"), zones, l.lineNumber()),
                    IcsValues.parse(l, zones), line);
        }
    }

    private static List<ContentLine> event(String... lines) throws Exception {
        String feed = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n" + String.join("\r\n", lines)
                + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        return IcsLexer.lex(feed.getBytes(StandardCharsets.UTF_8), null).events().getFirst().lines();
    }

    private static List<String> names(RawEvent event) {
        return event.lines().stream().map(ContentLine::name).toList();
    }

    /** A feed of events around the window's margins, with the duplicates, overrides and breakage that matter. */
    private static String randomFeed(Random random, int round) {
        StringBuilder sb = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calroom//test//EN\r\n");
        for (int i = 0; i < 60; i++) {
            String uid = "e" + round + "-" + random.nextInt(40);
            String zone = ZONES[random.nextInt(ZONES.length)];
            // Starts from six days before the window to five days after it, on the hour or half hour.
            LocalDateTime start = LocalDateTime.ofInstant(FROM, ZoneOffset.UTC).minusDays(6)
                    .plusMinutes(30L * random.nextInt(48 * 12));
            String dtstart = switch (random.nextInt(6)) {
                case 0 -> "DTSTART;VALUE=DATE:" + LOCAL.format(start).substring(0, 8);
                case 1 -> "DTSTART:" + LOCAL.format(start);
                case 2 -> "DTSTART:" + LOCAL.format(start) + "Z";
                default -> "DTSTART;TZID=" + zone + ":" + LOCAL.format(start);
            };
            sb.append("BEGIN:VEVENT\r\n");
            if (random.nextInt(15) != 0) {
                sb.append("UID:").append(uid).append("\r\n");
            }
            sb.append("DTSTAMP:2026110").append(1 + random.nextInt(9)).append("T000000Z\r\n");
            sb.append("SEQUENCE:").append(random.nextInt(3)).append("\r\n");
            if (random.nextInt(4) == 0) {
                // An override, of an instance that may lie in the window while it moves far away (or back).
                LocalDateTime original = LocalDateTime.ofInstant(FROM, ZoneOffset.UTC).plusHours(random.nextInt(30));
                sb.append("RECURRENCE-ID:").append(LOCAL.format(original)).append("Z\r\n");
            }
            if (random.nextInt(8) == 0) {
                sb.append("RRULE:FREQ=DAILY;COUNT=").append(1 + random.nextInt(10)).append("\r\n");
            }
            sb.append(random.nextInt(30) == 0 ? "DTSTART:not-a-date" : dtstart).append("\r\n");
            switch (random.nextInt(7)) {
                case 0 -> sb.append("DURATION:PT").append(1 + random.nextInt(90)).append("H\r\n");
                case 1 -> {
                }
                case 2 -> sb.append("DTEND:").append(LOCAL.format(start.minusHours(3))).append("Z\r\n");
                case 3 -> sb.append("DTEND:garbage\r\n");
                default -> sb.append(dtstart.replace("DTSTART", "DTEND").replace(LOCAL.format(start),
                        LOCAL.format(start.plusHours(1 + random.nextInt(60))))).append("\r\n");
            }
            sb.append("SUMMARY:Event ").append(i).append("\r\nLOCATION:https://rooms.example/r")
                    .append(random.nextInt(3)).append("\r\nDESCRIPTION:Notes ").append(i)
                    .append("\r\nATTENDEE;CN=A;PARTSTAT=ACCEPTED:mailto:a@example.com\r\nEND:VEVENT\r\n");
        }
        return sb.append("END:VCALENDAR\r\n").toString();
    }
}
