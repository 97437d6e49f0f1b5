package dev.calroom.ics;

import dev.calroom.domain.Occurrence;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reader against plain ical4j on every calendar fixture of the project: any instance one of them reads and the
 * other does not fails the build, unless the table below lists it with its reason. An entry that no longer differs
 * fails too, so the table stays exactly what it says.
 */
class ReaderAgreesWithIcal4jTest {

    /** A deliberate difference: in this fixture, this UID differs in this many instance lines, for this reason. */
    record Deliberate(String fixture, String uid, int lines, String reason) {
    }

    /** Where the reader and ical4j read a calendar differently on purpose. "*" as UID: ical4j rejects the feed. */
    static final List<Deliberate> DELIBERATE = List.of(
            new Deliberate("dtend-before-dtstart.ics", "backwards", 2, "RFC 5545 makes DTEND before DTSTART invalid;"
                    + " ical4j keeps a negative period, the reader reads a zero-length event at DTSTART and reports it"),
            new Deliberate("dtend-before-dtstart.ics", "backwards-allday", 2, "as above, for a DATE event: one day"),
            new Deliberate("duplicate-overrides.ics", "standup", 2, "two overrides of one instance: ical4j reads"
                    + " both, the reader the higher SEQUENCE, then the later LAST-MODIFIED/DTSTAMP"),
            new Deliberate("misspelt-end.ics", "*", 0, "ical4j rejects a feed with a misspelt END line; the reader"
                    + " skips the unended component, reports it and reads the rest"),
            new Deliberate("override-exdated.ics", "retro", 1, "an override older (SEQUENCE) than its series, whose"
                    + " instance the newer series excludes, is stale; ical4j does not compare SEQUENCE"),
            new Deliberate("stale-override.ics", "offsite", 1, "an override older than its series, outside the"
                    + " shortened series (UNTIL), is stale"),
            new Deliberate("rscale.ics", "hebrew-anniversary", 11, "RSCALE=HEBREW (RFC 7529): ical4j expands it as"
                    + " Gregorian (wrong dates); the reader keeps DTSTART only and reports it"),
            new Deliberate("team.ics", "offsite@calroom.dev", 2, "a DATE DTSTART without DTEND or DURATION lasts"
                    + " one day (RFC 5545 3.6.1); ical4j gives it no length"),
            new Deliberate("this-and-future.ics", "weekly-sync", 10, "RECURRENCE-ID;RANGE=THISANDFUTURE changes"
                    + " every later instance; ical4j applies it to one instance only"),
            // The inline fixtures of FeedReaderTest, by test name.
            new Deliberate("floatingTimes_areReadInXWrTimezone_elseGivenZone", "f", 2, "floating times are read"
                    + " in X-WR-TIMEZONE (Google's calendar zone); ical4j ignores X-WR-TIMEZONE and reads them in UTC"),
            new Deliberate("intervalCountAndUntil_bound_theSeries", "until-date", 1, "a DATE UNTIL on a timed"
                    + " series includes that whole day, as Google and Outlook export it; ical4j stops at its midnight"),
            new Deliberate("rdateAndExdate_inEveryForm_areApplied", "series", 2, "EXDATE;VALUE=DATE on a timed"
                    + " series excludes that day's instance (as ical.js does); ical4j matches only equal values"),
            new Deliberate("duplicateMasters_keepTheHigherSequence", "dup", 1, "two masters with one UID: the"
                    + " higher SEQUENCE is read; ical4j reads both"),
            new Deliberate("foldedLines_blankLines_andXLicErrorLines_areTolerated", "*", 0, "ical4j rejects a"
                    + " feed with blank lines and X-LIC-ERROR lines (as exported by Exchange); the reader skips them"),
            new Deliberate("malformedQuotedTzid_thatSwallowsTheColon_isRepaired", "*", 0, "ical4j rejects"
                    + " TZID=\"W. Europe Standard Time:2026...\" (a quote swallowing the colon); the reader repairs it"),
            new Deliberate("dateTimeOverrideOfADateSeries_replacesThatDay", "allday", 1, "a DATE-TIME"
                    + " RECURRENCE-ID on a DATE series (Exchange) replaces that day; ical4j leaves the day as well"));

    private static final Instant DEFAULT_FROM = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant DEFAULT_TO = Instant.parse("2027-01-01T00:00:00Z");

    static List<Path> fixtures() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(Path.of("src/test/resources/ics"), Path.of("../infra/samples"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".ics")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyFixture_readsAsIcal4jReadsIt_butForTheListedDifferences() throws IOException {
        return fixtures().stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(),
                () -> assertEquals(expected(path.getFileName().toString()), differences(path))));
    }

    @Test
    void table_namesOnlyFixturesThatExist_andEveryFixtureIsCovered() throws IOException {
        Set<String> names = new HashSet<>();
        for (Path p : fixtures()) {
            names.add(p.getFileName().toString());
        }
        assertTrue(names.size() >= 14, "fixtures found: " + names);
        for (Deliberate d : DELIBERATE) {
            boolean inlineFixture = java.util.Arrays.stream(FeedReaderTest.class.getDeclaredMethods())
                    .anyMatch(m -> m.getName().equals(d.fixture()));
            assertTrue(names.contains(d.fixture()) || inlineFixture, "no fixture or FeedReaderTest test "
                    + d.fixture());
            assertTrue(d.reason().length() > 20, "a reason is given for " + d);
        }
    }

    /** uid -> number of differing lines ("*" -> 0 when ical4j rejects the feed). */
    private static Map<String, Integer> expected(String fixture) {
        Map<String, Integer> out = new TreeMap<>();
        for (Deliberate d : DELIBERATE) {
            if (d.fixture().equals(fixture)) {
                out.put(d.uid(), d.lines());
            }
        }
        return out;
    }

    /**
     * For the fixtures other tests read inline (FeedReaderTest): the same comparison, against the same table, under
     * the name of the test that reads them.
     */
    static void assertAgrees(String fixture, String text, Instant from, Instant to) {
        try {
            assertEquals(expected(fixture), differences(text, from, to), fixture + ": reader vs ical4j");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Integer> differences(Path path) throws Exception {
        String text = Files.readString(path);
        Instant[] window = window(text);
        return differences(text, window[0], window[1]);
    }

    private static Map<String, Integer> differences(String text, Instant from, Instant to) throws Exception {
        Instant[] window = {from, to};
        Set<String> ours = new TreeSet<>();
        for (Occurrence o : new FeedReader().read(text, window[0], window[1], null).occurrences()) {
            ours.add(o.uid() + " " + o.start().instant() + "/" + o.end().instant());
        }
        Set<String> reference;
        try {
            reference = Ical4jReference.instances(text, window[0], window[1]);
        } catch (Exception rejected) {
            if (ours.isEmpty()) {
                fail("neither reads the feed");
            }
            return Map.of("*", 0);
        }
        Map<String, Integer> out = new TreeMap<>();
        Set<String> all = new TreeSet<>(ours);
        all.addAll(reference);
        for (String line : all) {
            if (ours.contains(line) != reference.contains(line)) {
                out.merge(line.substring(0, line.indexOf(' ')), 1, Integer::sum);
            }
        }
        return out;
    }

    /** The fixture's X-CALROOM-WINDOW (start/end in UTC), or a default window. */
    private static Instant[] window(String text) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
        return text.lines().filter(l -> l.startsWith("X-CALROOM-WINDOW:")).findFirst()
                .map(l -> l.substring("X-CALROOM-WINDOW:".length()).trim().split("/"))
                .map(w -> new Instant[] {LocalDateTime.parse(w[0], f).toInstant(ZoneOffset.UTC),
                        LocalDateTime.parse(w[1], f).toInstant(ZoneOffset.UTC)})
                .orElse(new Instant[] {DEFAULT_FROM, DEFAULT_TO});
    }
}
