package dev.calroom.ics;

import dev.calroom.domain.Occurrence;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One fixture per RFC 5545 / RFC 7529 rule the reader once got wrong, with the cases around it. */
class ReaderRfcCasesTest {

    private static FeedReadResult read(String fixture, String from, String to) throws Exception {
        String text = Files.readString(Path.of("src/test/resources/ics", fixture));
        return new FeedReader().read(text, Instant.parse(from), Instant.parse(to), null);
    }

    private static List<String> spans(FeedReadResult r, String uid) {
        return r.occurrences().stream().filter(o -> o.uid().equals(uid))
                .map(o -> o.start().instant() + "/" + o.end().instant()).toList();
    }

    private static boolean reported(FeedReadResult r, String uid, String words) {
        return r.problems().stream().anyMatch(p -> uid.equals(p.uid()) && p.message().contains(words));
    }

    @Test
    void periodRdate_keepsItsOwnLength_givenAsDurationOrEnd() throws Exception {
        FeedReadResult r = read("rdate-period.ics", "2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z");
        assertEquals(List.of("2024-09-12T12:00:00Z/2024-09-12T13:00:00Z", "2024-09-13T12:00:00Z/2024-09-13T14:00:00Z"),
                spans(r, "period-duration"));
        assertEquals(List.of("2024-09-16T08:00:00Z/2024-09-16T08:30:00Z", "2024-09-17T08:00:00Z/2024-09-17T10:00:00Z",
                "2024-09-18T09:00:00Z/2024-09-18T09:15:00Z"), spans(r, "period-explicit-end"));
    }

    @Test
    void periodRdate_reachesIntoTheWindow_whenOnlyItsOwnLengthDoes() throws Exception {
        // The 2 h period starting 12:00 is still running at 13:30; the master's 1 h length would say it is over.
        FeedReadResult r = read("rdate-period.ics", "2024-09-13T13:30:00Z", "2024-09-13T13:45:00Z");
        assertEquals(List.of("2024-09-13T12:00:00Z/2024-09-13T14:00:00Z"), spans(r, "period-duration"));
    }

    @Test
    void severalRrules_areExpandedAsTheirUnion() throws Exception {
        FeedReadResult r = read("multiple-rrules.ics", "2023-01-01T00:00:00Z", "2023-03-01T00:00:00Z");
        assertEquals(List.of("2023-01-12T10:00:00Z/2023-01-12T11:00:00Z", "2023-01-19T10:00:00Z/2023-01-19T11:00:00Z",
                "2023-01-26T10:00:00Z/2023-01-26T11:00:00Z", "2023-02-13T10:00:00Z/2023-02-13T11:00:00Z"),
                spans(r, "two-rules"));
    }

    @Test
    void thisAndFuture_movesTheInstanceAndEveryLaterOne_withItsLengthAndTitle() throws Exception {
        FeedReadResult r = read("this-and-future.ics", "2024-09-01T00:00:00Z", "2024-11-01T00:00:00Z");
        // Weekly on Mondays 10:00 Berlin (08:00Z in summer); from 16 Sep on, 14:00-15:00 Berlin.
        assertEquals(List.of("2024-09-02T08:00:00Z/2024-09-02T08:30:00Z", "2024-09-09T08:00:00Z/2024-09-09T08:30:00Z",
                "2024-09-16T12:00:00Z/2024-09-16T13:00:00Z", "2024-09-23T12:00:00Z/2024-09-23T13:00:00Z",
                "2024-09-30T12:00:00Z/2024-09-30T13:00:00Z", "2024-10-07T12:00:00Z/2024-10-07T13:00:00Z",
                "2024-10-14T12:00:00Z/2024-10-14T13:00:00Z", "2024-10-21T12:00:00Z/2024-10-21T13:00:00Z"),
                spans(r, "weekly-sync"));
        Occurrence later = r.occurrences().stream()
                .filter(o -> o.start().instant().equals(Instant.parse("2024-10-07T12:00:00Z"))).findFirst().orElseThrow();
        assertEquals("Weekly sync (afternoons, one hour)", later.summary());
        assertEquals("2024-10-07T08:00:00Z", later.recurrenceId(), "the instance keeps its own identity");
        Occurrence before = r.occurrences().get(0);
        assertEquals("Weekly sync", before.summary());
    }

    @Test
    void thisAndFuture_bringsAnInstanceIntoAWindowItsOriginalTimeMisses() throws Exception {
        FeedReadResult r = read("this-and-future.ics", "2024-09-30T11:00:00Z", "2024-09-30T14:00:00Z");
        assertEquals(List.of("2024-09-30T12:00:00Z/2024-09-30T13:00:00Z"), spans(r, "weekly-sync"));
    }

    @Test
    void untilBeforeDtstart_hasNoInstances_andUntilEqualToDtstartHasOne() throws Exception {
        FeedReadResult r = read("until-before-dtstart.ics", "2023-09-01T00:00:00Z", "2023-11-01T00:00:00Z");
        assertEquals(List.of(), spans(r, "never"));
        assertEquals(List.of(), spans(r, "timed-never"));
        assertEquals(List.of("2023-10-03T09:00:00Z/2023-10-03T10:00:00Z"), spans(r, "until-equals-start"));
        assertTrue(reported(r, "never", "UNTIL is before DTSTART"));
    }

    @Test
    void olderOverride_ofAnInstanceTheNewerSeriesExcludes_isGone_butANewOneStays() throws Exception {
        FeedReadResult r = read("override-exdated.ics", "2024-06-01T00:00:00Z", "2024-08-01T00:00:00Z");
        assertEquals(List.of("2024-06-25T09:00:00Z/2024-06-25T10:00:00Z", "2024-07-09T09:00:00Z/2024-07-09T10:00:00Z"),
                spans(r, "retro"));
        assertTrue(reported(r, "retro", "no longer has that instance"));
        assertEquals(List.of("2024-06-25T12:00:00Z/2024-06-25T13:00:00Z", "2024-07-02T12:00:00Z/2024-07-02T13:00:00Z",
                "2024-07-09T15:00:00Z/2024-07-09T16:00:00Z"), spans(r, "planning"));
    }

    @Test
    void duplicateOverrides_giveOneInstance_higherSequenceThenLaterModificationWins() throws Exception {
        FeedReadResult r = read("duplicate-overrides.ics", "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z");
        assertEquals(List.of("2024-06-03T08:00:00Z/2024-06-03T08:15:00Z", "2024-06-04T09:00:00Z/2024-06-04T09:15:00Z",
                "2024-06-05T08:00:00Z/2024-06-05T08:15:00Z", "2024-06-06T10:00:00Z/2024-06-06T10:15:00Z",
                "2024-06-07T12:00:00Z/2024-06-07T12:15:00Z"), spans(r, "standup"));
        List<String> titles = r.occurrences().stream().map(Occurrence::summary).toList();
        assertTrue(titles.contains("Standup (newest)") && titles.contains("Standup (modified later)"), titles::toString);
    }

    @Test
    void staleOverride_outsideAShortenedSeries_isDropped_aCurrentOneIsKept() throws Exception {
        FeedReadResult r = read("stale-override.ics", "2024-07-01T00:00:00Z", "2024-09-01T00:00:00Z");
        assertEquals(List.of("2024-07-08T00:00:00Z/2024-07-09T00:00:00Z", "2024-07-15T00:00:00Z/2024-07-16T00:00:00Z",
                "2024-08-06T00:00:00Z/2024-08-07T00:00:00Z"), spans(r, "offsite"));
        assertTrue(reported(r, "offsite", "SEQUENCE 1"));
    }

    @Test
    void escapedTzid_inVtimezone_matchesTheQuotedParameter() throws Exception {
        FeedReadResult r = read("escaped-tzid.ics", "2008-10-01T00:00:00Z", "2008-12-01T00:00:00Z");
        assertEquals(List.of("2008-10-31T01:30:00Z/2008-10-31T02:30:00Z"), spans(r, "kl"));
        assertTrue(r.problems().isEmpty(), r.problems()::toString);
    }

    @Test
    void misspeltEnd_doesNotSwallowLaterEvents_andTheDamageIsReported() throws Exception {
        FeedReadResult r = read("misspelt-end.ics", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
        assertEquals(List.of("after-todo", "after-unended"), r.occurrences().stream().map(Occurrence::uid).toList());
        assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("BEGIN:VTODO never ended")));
        assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("unended VEVENT from line")));
    }

    @Test
    void nonGregorianRscale_keepsDtstartOnly_andSaysSo_gregorianRscaleIsExpanded() throws Exception {
        FeedReadResult r = read("rscale.ics", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        assertEquals(List.of("2026-03-10T00:00:00Z/2026-03-11T00:00:00Z"), spans(r, "hebrew-anniversary"));
        assertTrue(reported(r, "hebrew-anniversary", "HEBREW"));
        // Gregorian with the default SKIP=OMIT: months without a 31st are skipped.
        assertEquals(List.of("2026-01-31T09:00:00Z/2026-01-31T09:30:00Z", "2026-03-31T09:00:00Z/2026-03-31T09:30:00Z",
                "2026-05-31T09:00:00Z/2026-05-31T09:30:00Z"), spans(r, "gregorian-skip"));
    }

    @Test
    void dtendBeforeDtstart_isReadAsZeroLength_orOneDay_andReported() throws Exception {
        FeedReadResult r = read("dtend-before-dtstart.ics", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
        assertEquals(List.of("2026-03-02T10:00:00Z/2026-03-02T10:00:00Z"), spans(r, "backwards"));
        assertEquals(List.of("2026-03-05T00:00:00Z/2026-03-06T00:00:00Z"), spans(r, "backwards-allday"));
        assertTrue(reported(r, "backwards", "DTEND is before DTSTART"));
    }
}
