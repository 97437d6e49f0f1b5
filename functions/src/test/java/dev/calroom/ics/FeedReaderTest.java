package dev.calroom.ics;

import dev.calroom.domain.EventStatus;
import dev.calroom.domain.Occurrence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedReaderTest {

    private final FeedReader reader = new FeedReader();

    static String cal(String body) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calroom tests//EN\r\n" + body.strip().replace("\n", "\r\n")
                + "\r\nEND:VCALENDAR\r\n";
    }

    /** Reads a fixture, and checks it against plain ical4j (ReaderAgreesWithIcal4jTest's table) under the test's name. */
    private List<Occurrence> read(String feed, String from, String to) throws FeedParseException {
        String test = StackWalker.getInstance().walk(f -> f.skip(1).findFirst().orElseThrow().getMethodName());
        ReaderAgreesWithIcal4jTest.assertAgrees(test, feed, Instant.parse(from), Instant.parse(to));
        return reader.read(feed, Instant.parse(from), Instant.parse(to), null).occurrences();
    }

    private static List<String> starts(List<Occurrence> os) {
        return os.stream().map(o -> o.start().iso()).toList();
    }

    @Test
    void weeklyRule_keepsWallClock_acrossDstTransition() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:standup
                DTSTART;TZID=Europe/Berlin:20261019T090000
                DTEND;TZID=Europe/Berlin:20261019T093000
                RRULE:FREQ=WEEKLY;BYDAY=MO
                SUMMARY:Standup
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-10-19T00:00:00Z", "2026-11-03T00:00:00Z");
        assertEquals(List.of("2026-10-19T09:00:00+02:00", "2026-10-26T09:00:00+01:00", "2026-11-02T09:00:00+01:00"),
                starts(os));
        assertEquals("2026-10-26T09:30:00+01:00", os.get(1).end().iso());
        assertEquals("2026-10-26T08:00:00Z", os.get(1).recurrenceId());
    }

    @Test
    void byDayOrdinal_andBySetPos_areExpanded() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:last-friday
                DTSTART;TZID=America/New_York:20260130T150000
                DURATION:PT1H
                RRULE:FREQ=MONTHLY;BYDAY=-1FR
                END:VEVENT
                BEGIN:VEVENT
                UID:second-to-last-weekday
                DTSTART:20260101T120000Z
                DURATION:PT30M
                RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
        assertEquals(List.of("2026-03-27T15:00:00-04:00", "2026-03-30T12:00:00Z"), starts(os));
    }

    @Test
    void intervalCountAndUntil_bound_theSeries() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:every-other-day
                DTSTART:20260301T100000Z
                RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3
                END:VEVENT
                BEGIN:VEVENT
                UID:until-utc
                DTSTART;TZID=Europe/London:20260301T110000
                RRULE:FREQ=DAILY;UNTIL=20260303T110000Z
                END:VEVENT
                BEGIN:VEVENT
                UID:until-date
                DTSTART;TZID=Europe/London:20260301T120000
                RRULE:FREQ=DAILY;UNTIL=20260302
                END:VEVENT
                BEGIN:VEVENT
                UID:until-floating
                DTSTART;TZID=Europe/London:20260301T130000
                RRULE:FREQ=DAILY;UNTIL=20260301T130000
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z");
        assertEquals(3, os.stream().filter(o -> o.uid().equals("every-other-day")).count());
        assertEquals(List.of("2026-03-01T10:00:00Z", "2026-03-03T10:00:00Z", "2026-03-05T10:00:00Z"),
                starts(os.stream().filter(o -> o.uid().equals("every-other-day")).toList()));
        assertEquals(3, os.stream().filter(o -> o.uid().equals("until-utc")).count());
        assertEquals(2, os.stream().filter(o -> o.uid().equals("until-date")).count());
        assertEquals(1, os.stream().filter(o -> o.uid().equals("until-floating")).count());
    }

    @Test
    void rdateAndExdate_inEveryForm_areApplied() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:series
                DTSTART;TZID=Europe/Paris:20260302T100000
                DURATION:PT1H
                RRULE:FREQ=DAILY;COUNT=6
                EXDATE:20260303T090000Z
                EXDATE;TZID=Europe/Paris:20260304T100000,20260305T100000
                EXDATE;VALUE=DATE:20260306
                RDATE;TZID=Europe/Paris:20260310T150000
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z");
        assertEquals(List.of("2026-03-02T10:00:00+01:00", "2026-03-07T10:00:00+01:00", "2026-03-10T15:00:00+01:00"),
                starts(os));
    }

    @Test
    void overrides_moveEditAndCancelInstances_includingOneEqualToDtstart() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:weekly
                DTSTART:20260302T150000Z
                DTEND:20260302T160000Z
                RRULE:FREQ=WEEKLY;COUNT=4
                SUMMARY:Sync
                END:VEVENT
                BEGIN:VEVENT
                UID:weekly
                RECURRENCE-ID:20260302T150000Z
                DTSTART:20260302T150000Z
                DTEND:20260302T160000Z
                SUMMARY:Sync (kickoff)
                END:VEVENT
                BEGIN:VEVENT
                UID:weekly
                RECURRENCE-ID:20260309T150000Z
                DTSTART:20260310T170000Z
                DTEND:20260310T180000Z
                SUMMARY:Sync (moved)
                END:VEVENT
                BEGIN:VEVENT
                UID:weekly
                RECURRENCE-ID:20260316T150000Z
                DTSTART:20260316T150000Z
                DTEND:20260316T160000Z
                STATUS:CANCELLED
                SUMMARY:Sync
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z");
        assertEquals(4, os.size());
        assertEquals("Sync (kickoff)", os.get(0).summary());
        assertEquals("2026-03-02T15:00:00Z", os.get(0).recurrenceId());
        assertEquals("2026-03-10T17:00:00Z", os.get(1).start().iso());
        assertEquals("2026-03-09T15:00:00Z", os.get(1).recurrenceId());
        assertEquals(EventStatus.CANCELLED, os.get(2).status());
        assertEquals(EventStatus.CONFIRMED, os.get(3).status());
    }

    @Test
    void overrideMovedOutOfTheWindow_suppressesItsOriginalInstance() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:weekly
                DTSTART:20260302T150000Z
                RRULE:FREQ=WEEKLY
                END:VEVENT
                BEGIN:VEVENT
                UID:weekly
                RECURRENCE-ID:20260309T150000Z
                DTSTART:20260420T150000Z
                END:VEVENT
                """);
        assertEquals(List.of(), read(feed, "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z"));
    }

    @Test
    void cancelledSeries_marksEveryInstanceCancelled() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:gone
                DTSTART:20260302T150000Z
                RRULE:FREQ=DAILY;COUNT=3
                STATUS:CANCELLED
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z");
        assertEquals(3, os.size());
        assertTrue(os.stream().allMatch(Occurrence::cancelled));
    }

    @Test
    void missingEnd_followsRfc5545_dateLastsOneDay_dateTimeHasNoLength() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:day
                DTSTART;VALUE=DATE:20260302
                END:VEVENT
                BEGIN:VEVENT
                UID:moment
                DTSTART:20260302T150000Z
                END:VEVENT
                BEGIN:VEVENT
                UID:duration
                DTSTART:20260302T160000Z
                DURATION:PT1H30M
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z");
        Occurrence day = os.stream().filter(o -> o.uid().equals("day")).findFirst().orElseThrow();
        assertTrue(day.allDay());
        assertEquals("2026-03-02", day.start().iso());
        assertEquals("2026-03-03", day.end().iso());
        Occurrence moment = os.stream().filter(o -> o.uid().equals("moment")).findFirst().orElseThrow();
        assertEquals(moment.start().instant(), moment.end().instant());
        Occurrence duration = os.stream().filter(o -> o.uid().equals("duration")).findFirst().orElseThrow();
        assertEquals("2026-03-02T17:30:00Z", duration.end().iso());
    }

    @Test
    void floatingTimes_areReadInXWrTimezone_elseGivenZone() throws Exception {
        String withXwr = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:America/Chicago\r\nBEGIN:VEVENT\r\nUID:f\r\n"
                + "DTSTART:20260302T090000\r\nDTEND:20260302T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        Occurrence o = read(withXwr, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z").get(0);
        assertEquals("2026-03-02T09:00:00-06:00", o.start().iso());
        assertFalse(o.floating());

        String floating = cal("""
                BEGIN:VEVENT
                UID:f
                DTSTART:20260302T090000
                DTEND:20260302T100000
                END:VEVENT
                """);
        Occurrence f = reader.read(floating, Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-31T00:00:00Z"), ZoneId.of("Asia/Tokyo")).occurrences().get(0);
        assertTrue(f.floating());
        assertEquals("2026-03-02T09:00:00", f.start().iso());
        assertEquals(Instant.parse("2026-03-02T00:00:00Z"), f.start().instant());
    }

    @Test
    void windowsTzids_mapThroughCldr_andCustomZonesUseTheirVtimezone() throws Exception {
        String feed = cal("""
                BEGIN:VTIMEZONE
                TZID:Customized Time Zone
                BEGIN:STANDARD
                DTSTART:16010101T030000
                TZOFFSETFROM:+0600
                TZOFFSETTO:+0530
                RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
                END:STANDARD
                BEGIN:DAYLIGHT
                DTSTART:16010101T020000
                TZOFFSETFROM:+0530
                TZOFFSETTO:+0600
                RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
                END:DAYLIGHT
                END:VTIMEZONE
                BEGIN:VEVENT
                UID:w-europe
                DTSTART;TZID=W. Europe Standard Time:20260701T090000
                DTEND;TZID=W. Europe Standard Time:20260701T100000
                END:VEVENT
                BEGIN:VEVENT
                UID:pacific
                DTSTART;TZID="Pacific Standard Time":20260701T090000
                DURATION:PT1H
                END:VEVENT
                BEGIN:VEVENT
                UID:custom
                DTSTART;TZID=Customized Time Zone:20260701T090000
                DURATION:PT1H
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-06-30T00:00:00Z", "2026-07-03T00:00:00Z");
        assertEquals("2026-07-01T09:00:00+02:00", byUid(os, "w-europe").start().iso());
        assertEquals("2026-07-01T09:00:00-07:00", byUid(os, "pacific").start().iso());
        assertEquals("2026-07-01T09:00:00+06:00", byUid(os, "custom").start().iso());
    }

    @Test
    void unknownTzidWithoutVtimezone_fallsBackToCalendarZone_andIsReported() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:mystery
                DTSTART;TZID=Mars/Olympus_Mons:20260302T090000
                DURATION:PT1H
                END:VEVENT
                BEGIN:VEVENT
                UID:mozilla
                DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260302T090000
                DURATION:PT1H
                END:VEVENT
                """);
        FeedReadResult r = reader.read(feed, Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-31T00:00:00Z"), null);
        assertEquals("2026-03-02T09:00:00Z", byUid(r.occurrences(), "mystery").start().iso());
        assertEquals("2026-03-02T09:00:00+01:00", byUid(r.occurrences(), "mozilla").start().iso());
        assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("Mars/Olympus_Mons")));
    }

    @Test
    void malformedQuotedTzid_thatSwallowsTheColon_isRepaired() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:quoted
                DTSTART;TZID="W. Europe Standard Time:20260701T090000"
                DTEND;TZID=W. Europe Standard Time:20260701T093000
                END:VEVENT
                """);
        Occurrence o = read(feed, "2026-06-30T00:00:00Z", "2026-07-03T00:00:00Z").get(0);
        assertEquals("2026-07-01T09:00:00+02:00", o.start().iso());
        assertEquals("2026-07-01T09:30:00+02:00", o.end().iso());
    }

    @Test
    void foldedLines_blankLines_andXLicErrorLines_areTolerated() throws Exception {
        String feed = "BEGIN:VCALENDAR\nVERSION:2.0\n\nBEGIN:VEVENT\nUID:folded\nDTSTART;TZID=Europe/Berlin:\n"
                + " 20260302T090000\nDTEND;TZID=Europe/Berlin:20260302T100000\nSUMMARY:A very long\n\t summary\n"
                + "X-LIC-ERROR;X-LIC-ERRORTYPE=VALUE-PARSE-ERROR:No value for LOCATION\n\nEND:VEVENT\nEND:VCALENDAR\n";
        Occurrence o = read(feed, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z").get(0);
        assertEquals("2026-03-02T09:00:00+01:00", o.start().iso());
        assertEquals("A very long summary", o.summary());
    }

    @Test
    void dateTimeOverrideOfADateSeries_replacesThatDay() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:allday
                DTSTART;VALUE=DATE:20260302
                DTEND;VALUE=DATE:20260303
                RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260312T000000Z
                END:VEVENT
                BEGIN:VEVENT
                UID:allday
                RECURRENCE-ID;TZID=W. Europe Standard Time:20260304T000000
                DTSTART;VALUE=DATE:20260305
                DTEND;VALUE=DATE:20260306
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z");
        assertEquals(List.of("2026-03-02", "2026-03-05", "2026-03-09", "2026-03-11"), starts(os));
        assertEquals("2026-03-04", os.get(1).recurrenceId());
        assertTrue(os.stream().allMatch(Occurrence::allDay));
    }

    @Test
    void eventStartedBeforeTheWindow_andStillOn_isIncluded() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:workshop
                DTSTART:20260302T080000Z
                DTEND:20260302T180000Z
                END:VEVENT
                """);
        assertEquals(1, read(feed, "2026-03-02T12:00:00Z", "2026-03-02T13:00:00Z").size());
        assertEquals(0, read(feed, "2026-03-02T18:00:00Z", "2026-03-02T19:00:00Z").size());
    }

    @Test
    void brokenVevent_isSkippedAndReported_andTheRestIsRead() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:broken
                DTSTART:not-a-date
                END:VEVENT
                BEGIN:VEVENT
                UID:nostart
                SUMMARY:no DTSTART
                END:VEVENT
                BEGIN:VEVENT
                UID:fine
                DTSTART:20260302T090000Z
                END:VEVENT
                """);
        FeedReadResult r = reader.read(feed, Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-31T00:00:00Z"), null);
        assertEquals(List.of("fine"), r.occurrences().stream().map(Occurrence::uid).toList());
        assertEquals(3, r.eventsInFeed());
        assertTrue(r.problems().stream().anyMatch(p -> "broken".equals(p.uid())));
        assertTrue(r.problems().stream().anyMatch(p -> "nostart".equals(p.uid())));
    }

    @Test
    void nonCalendars_andTruncatedFeeds_failWithALineNumber() {
        FeedParseException notIcs = assertThrows(FeedParseException.class, () -> reader.read("<html>oops</html>",
                Instant.EPOCH, Instant.now(), null));
        assertEquals(1, notIcs.lineNumber());
        assertThrows(FeedParseException.class, () -> reader.read("", Instant.EPOCH, Instant.now(), null));
        FeedParseException truncated = assertThrows(FeedParseException.class, () -> reader.read(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260302T09", Instant.EPOCH,
                Instant.now(), null));
        assertTrue(truncated.getMessage().contains("truncated"));
        assertTrue(truncated.lineNumber() > 0);
    }

    @Test
    void secondlyRule_andMillionInstanceSeries_finishFastAndBounded() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:secondly
                DTSTART:20000101T000000Z
                RRULE:FREQ=SECONDLY
                END:VEVENT
                BEGIN:VEVENT
                UID:million
                DTSTART:20000101T000000Z
                RRULE:FREQ=MINUTELY;COUNT=1000000000
                END:VEVENT
                BEGIN:VEVENT
                UID:dense-count
                DTSTART:20000101T000000Z
                RRULE:FREQ=SECONDLY;BYMINUTE=5;COUNT=100000000
                END:VEVENT
                """);
        long t0 = System.nanoTime();
        FeedReadResult r = reader.read(feed, Instant.parse("2026-03-02T00:00:00Z"),
                Instant.parse("2026-03-03T01:00:00Z"), null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long secondly = r.occurrences().stream().filter(o -> o.uid().equals("secondly")).count();
        long million = r.occurrences().stream().filter(o -> o.uid().equals("million")).count();
        assertTrue(secondly <= FeedReader.MAX_INSTANCES_PER_SERIES, "secondly capped: " + secondly);
        assertTrue(million > 0 && million <= FeedReader.MAX_INSTANCES_PER_SERIES, "minutely capped: " + million);
        assertEquals(Instant.parse("2026-03-02T00:00:00Z"), r.occurrences().stream()
                .filter(o -> o.uid().equals("million")).findFirst().orElseThrow().start().instant());
        assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("instances in the window")));
        assertTrue(r.problems().stream().anyMatch(p -> "dense-count".equals(p.uid())));
        // Not a timing assertion on behaviour: a generous bound that only a hang or a full walk would break.
        assertTrue(ms < 20_000, "took " + ms + " ms");
    }

    @Test
    void duplicateMasters_keepTheHigherSequence() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:dup
                SEQUENCE:2
                DTSTART:20260302T090000Z
                SUMMARY:new
                END:VEVENT
                BEGIN:VEVENT
                UID:dup
                SEQUENCE:1
                DTSTART:20260302T100000Z
                SUMMARY:old
                END:VEVENT
                """);
        List<Occurrence> os = read(feed, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z");
        assertEquals(1, os.size());
        assertEquals("new", os.get(0).summary());
        assertNull(os.get(0).recurrenceId());
    }

    @Test
    void attendees_text_andConferenceProperties_areRead() throws Exception {
        String feed = cal("""
                BEGIN:VEVENT
                UID:meet
                DTSTART:20260302T090000Z
                SUMMARY:Plan\\, then build
                DESCRIPTION:Line one\\nJoin at https://rooms.example/team
                ATTENDEE;CN=Ada Lovelace;PARTSTAT=ACCEPTED:mailto:ada@example.com
                X-GOOGLE-CONFERENCE:https://meet.example/abc
                END:VEVENT
                """);
        Occurrence o = read(feed, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z").get(0);
        assertEquals("Plan, then build", o.summary());
        assertEquals("Line one\nJoin at https://rooms.example/team", o.description());
        assertEquals("ada@example.com", o.attendees().get(0).email());
        assertEquals("Ada Lovelace", o.attendees().get(0).name());
        assertEquals("ACCEPTED", o.attendees().get(0).status());
        assertTrue(o.matchText().contains("https://meet.example/abc"));
    }

    @Test
    void oneRuleText_sharedBySeries_isReadWithEachSeriesOwnZoneAndProblems() throws Exception {
        // The same RRULE text on three series: its UNTIL is a local time, read in each series' zone; a malformed
        // UNTIL and a non-Gregorian RSCALE are reported for each series that has them, in the order written.
        String feed = cal("""
                BEGIN:VEVENT
                UID:berlin
                DTSTART;TZID=Europe/Berlin:20261116T090000
                RRULE:FREQ=DAILY;UNTIL=20261124T090000
                END:VEVENT
                BEGIN:VEVENT
                UID:new-york
                DTSTART;TZID=America/New_York:20261116T090000
                RRULE:FREQ=DAILY;UNTIL=20261124T090000
                END:VEVENT
                BEGIN:VEVENT
                UID:tokyo
                DTSTART;TZID=Asia/Tokyo:20261116T090000
                RRULE:FREQ=DAILY;UNTIL=20261124T090000
                END:VEVENT
                BEGIN:VEVENT
                UID:broken-a
                DTSTART:20261123T090000Z
                RRULE:FREQ=DAILY;UNTIL=soon;COUNT=2
                END:VEVENT
                BEGIN:VEVENT
                UID:broken-b
                DTSTART:20261123T100000Z
                RRULE:FREQ=DAILY;UNTIL=soon;COUNT=2
                END:VEVENT
                BEGIN:VEVENT
                UID:lunar
                DTSTART:20261123T110000Z
                RRULE:UNTIL=later;RSCALE=CHINESE;FREQ=YEARLY
                END:VEVENT
                """);
        FeedReadResult r = reader.read(feed, Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z"),
                null);

        // Each series' last instance is its UNTIL in its own zone; the broken ones keep their COUNT of 2.
        List<String> order = List.of("berlin", "new-york", "tokyo", "broken-a", "broken-b", "lunar");
        assertEquals(List.of("2026-11-24T09:00:00+01:00", "2026-11-24T09:00:00-05:00", "2026-11-24T09:00:00+09:00",
                "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z"), starts(r.occurrences().stream()
                .sorted(java.util.Comparator.comparing((Occurrence o) -> order.indexOf(o.uid()))
                        .thenComparing(o -> o.start().instant())).toList()));
        assertEquals(List.of("broken-a: RRULE UNTIL 'soon' is malformed; ignored",
                "broken-b: RRULE UNTIL 'soon' is malformed; ignored",
                "lunar: RRULE UNTIL 'later' is malformed; ignored",
                "lunar: RRULE in the CHINESE calendar (RSCALE) is not supported; only DTSTART read"),
                r.problems().stream().map(p -> p.uid() + ": " + p.message()).toList());
    }

    private static Occurrence byUid(List<Occurrence> os, String uid) {
        return os.stream().filter(o -> o.uid().equals(uid)).findFirst().orElseThrow();
    }
}
