package dev.calroom.ics;

import dev.calroom.domain.Occurrence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules the reader expands without walking the series (FREQ=WEEKLY or DAILY with plain BYDAY and no COUNT, and
 * rules with no BY part) checked against ical4j's own expansion on random series: intervals, weekday sets, week
 * starts, UNTIL, zones with DST changes, series that began years before the window and ones that begin inside it.
 * Instances are in the daytime: one that spans a DST change itself keeps its wall-clock length in calroom (the
 * reader's rule for DTEND in the same zone) and its elapsed length in ical4j.
 */
class SimpleRulesAgreeWithIcal4jTest {

    private static final String[] DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo"};
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    @Test
    void simpleRules_expandAsIcal4jExpandsThem_onRandomSeries() throws Exception {
        Random random = new Random(20261124);
        int instances = 0;
        for (int round = 0; round < 60; round++) {
            // Window edges off the quarter-hour grid the instances are on: ical4j counts an instance that ends where
            // the window begins, calroom's windows are half-open.
            Instant from = Instant.parse("2026-01-01T00:07:00Z").plus(Duration.ofHours(random.nextInt(24 * 365)));
            Instant to = from.plus(Duration.ofHours(1 + random.nextInt(24 * 40)));
            StringBuilder feed = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calroom//test//EN\r\n");
            List<String> rules = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                String zone = ZONES[random.nextInt(ZONES.length)];
                LocalDateTime seed = LocalDateTime.ofInstant(from, ZoneId.of(zone))
                        .minusHours(random.nextInt(24 * 365 * 4)).plusHours(random.nextInt(24 * 30))
                        .withHour(8 + random.nextInt(10)).withMinute(15 * random.nextInt(4)).withSecond(0).withNano(0);
                String rule = rule(random, seed, zone);
                rules.add(rule);
                feed.append("BEGIN:VEVENT\r\nUID:s").append(round).append('-').append(i)
                        .append("\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=").append(zone).append(':')
                        .append(LOCAL.format(seed)).append("\r\nDTEND;TZID=").append(zone).append(':')
                        .append(LOCAL.format(seed.plusMinutes(30 + 30L * random.nextInt(4))))
                        .append("\r\nRRULE:").append(rule).append("\r\nSUMMARY:series\r\nEND:VEVENT\r\n");
            }
            feed.append("END:VCALENDAR\r\n");
            String text = feed.toString();
            Set<String> ours = new TreeSet<>();
            for (Occurrence o : new FeedReader().read(text, from, to, null).occurrences()) {
                ours.add(o.uid() + " " + o.start().instant() + "/" + o.end().instant());
            }
            Set<String> reference = Ical4jReference.instances(text, from, to);
            Set<String> onlyOurs = new TreeSet<>(ours);
            onlyOurs.removeAll(reference);
            Set<String> onlyIcal4j = new TreeSet<>(reference);
            onlyIcal4j.removeAll(ours);
            assertEquals("" + Set.of() + Set.of(), "" + onlyOurs + onlyIcal4j, "round " + round + " " + from + ".."
                    + to + ": only calroom's, then only ical4j's, for rules " + rules);
            instances += ours.size();
        }
        assertTrue(instances > 1000, "the random series reach their windows (" + instances + " instances)");
    }

    @Test
    void weekStart_isMonday_whenWkstIsAbsent_asRfc5545Says() throws Exception {
        // RFC 5545 3.8.5.3's example: every other week on Tuesday and Sunday, WKST=MO, gives August 5, 10, 19 and
        // 24; with WKST=SU it gives August 5, 17, 19 and 31. Without WKST the default is MO; ical4j takes SU.
        String rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU";
        List<String> fast = starts(rule);
        List<String> counted = starts(rule + ";COUNT=4");
        List<String> rfc = List.of("1997-08-05T13:00:00Z", "1997-08-10T13:00:00Z", "1997-08-19T13:00:00Z",
                "1997-08-24T13:00:00Z");
        assertEquals(rfc, fast);
        assertEquals(rfc, counted, "the same week start when ical4j expands the rule (COUNT)");
        assertEquals(List.of("1997-08-05T13:00:00Z", "1997-08-17T13:00:00Z", "1997-08-19T13:00:00Z",
                "1997-08-31T13:00:00Z"), starts(rule + ";WKST=SU"));
        assertEquals(List.of("1997-08-05T13:00:00Z", "1997-08-17T13:00:00Z", "1997-08-19T13:00:00Z",
                "1997-08-31T13:00:00Z"), new ArrayList<>(Ical4jReference.instances(feed(rule + ";COUNT=4"),
                Instant.parse("1997-08-01T00:00:00Z"), Instant.parse("1997-09-01T00:00:00Z")).stream()
                .map(line -> line.substring(line.indexOf(' ') + 1, line.indexOf('/'))).toList()),
                "ical4j's own reading of the rule without WKST, which calroom does not follow");
    }

    private static List<String> starts(String rule) throws Exception {
        return new FeedReader().read(feed(rule), Instant.parse("1997-08-01T00:00:00Z"),
                Instant.parse("1997-09-01T00:00:00Z"), null).occurrences().stream()
                .map(o -> o.start().instant().toString()).limit(4).toList();
    }

    private static String feed(String rule) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calroom//test//EN\r\nBEGIN:VEVENT\r\nUID:rfc\r\n"
                + "DTSTAMP:19970701T000000Z\r\nDTSTART;TZID=America/New_York:19970805T090000\r\nRRULE:" + rule
                + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    private static String rule(Random random, LocalDateTime seed, String zone) {
        boolean weekly = random.nextInt(3) > 0;
        StringBuilder rule = new StringBuilder(weekly ? "FREQ=WEEKLY" : "FREQ=DAILY");
        if (random.nextBoolean()) {
            rule.append(";INTERVAL=").append(1 + random.nextInt(4));
        }
        if (random.nextInt(4) > 0) {
            List<String> days = new ArrayList<>();
            for (String d : DAYS) {
                if (random.nextInt(3) == 0) {
                    days.add(d);
                }
            }
            // DTSTART is one of the days (RFC 5545 leaves a set whose DTSTART is not in its rule undefined).
            String seedDay = DAYS[seed.getDayOfWeek().getValue() - 1];
            if (!days.contains(seedDay)) {
                days.add(seedDay);
            }
            rule.append(";BYDAY=").append(String.join(",", days));
        }
        // Always written: ical4j takes Sunday when WKST is absent, RFC 5545 (and calroom) Monday; see below.
        rule.append(";WKST=").append(DAYS[random.nextInt(7)]);
        if (random.nextInt(4) == 0) {
            LocalDateTime until = seed.plusDays(random.nextInt(365 * 5));
            rule.append(";UNTIL=").append(LOCAL.format(until.atZone(ZoneId.of(zone))
                    .withZoneSameInstant(ZoneId.of("UTC")))).append('Z');
        }
        return rule.toString();
    }
}
