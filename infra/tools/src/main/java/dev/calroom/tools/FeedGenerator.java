package dev.calroom.tools;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Generates a realistic large feed: single events spread over two years, weekly series with EXDATE and a moved
 * override, a mix of IANA and Windows TZIDs with their VTIMEZONEs, about 500 bytes per event.
 */
final class FeedGenerator {

    private static final String[] IANA = {"Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London"};
    private static final String[] WINDOWS = {"W. Europe Standard Time", "Pacific Standard Time",
        "Eastern Standard Time"};
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private FeedGenerator() {
    }

    static String generate(int events, Instant around, String roomUrl) {
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder(events * 560);
        sb.append("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n")
                .append("X-WR-CALNAME:Team\r\nX-WR-TIMEZONE:Europe/Berlin\r\n");
        sb.append("BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n"
                + "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
                + "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
                + "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n");
        for (int i = 0; i < events; i++) {
            boolean windows = i % 5 == 0;
            String tzid = windows ? WINDOWS[i % WINDOWS.length] : IANA[i % IANA.length];
            ZoneId zone = ZoneId.of(switch (tzid) {
                case "W. Europe Standard Time" -> "Europe/Berlin";
                case "Pacific Standard Time" -> "America/Los_Angeles";
                case "Eastern Standard Time" -> "America/New_York";
                default -> tzid;
            });
            boolean series = i % 3 == 0;
            long offsetMinutes = series ? -random.nextInt(365 * 24 * 60) : random.nextInt(2 * 365 * 24 * 60)
                    - 365L * 24 * 60;
            Instant start = around.plus(Duration.ofMinutes(offsetMinutes)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            String local = LOCAL.format(start.atZone(zone));
            String localEnd = LOCAL.format(start.plus(Duration.ofMinutes(45)).atZone(zone));
            String uid = "evt-" + i + "-" + Long.toHexString(random.nextLong()) + "@bench.calroom.dev";
            sb.append("BEGIN:VEVENT\r\nUID:").append(uid).append("\r\nDTSTAMP:20261101T120000Z\r\n")
                    .append("LAST-MODIFIED:20261101T120000Z\r\nSEQUENCE:").append(i % 4).append("\r\n")
                    .append("DTSTART;TZID=").append(tzid).append(':').append(local).append("\r\n")
                    .append("DTEND;TZID=").append(tzid).append(':').append(localEnd).append("\r\n")
                    .append("SUMMARY:Planning session ").append(i).append("\r\n")
                    .append("LOCATION:").append(i % 2 == 0 ? roomUrl : "Conference room " + (i % 17)).append("\r\n")
                    .append("DESCRIPTION:Agenda: review the roadmap\\, decide owners\\, and agree next steps.\\n")
                    .append("Dial-in details are in the invitation. Please join on time.\r\n")
                    .append("ATTENDEE;CN=Ada Lovelace;PARTSTAT=ACCEPTED:mailto:ada@example.com\r\n")
                    .append("ORGANIZER;CN=Grace Hopper:mailto:grace@example.com\r\n");
            if (series) {
                // BYDAY on DTSTART's own weekday, so that DTSTART, the EXDATE and the override are instances.
                sb.append("RRULE:FREQ=WEEKLY;BYDAY=").append(start.atZone(zone).getDayOfWeek().name(), 0, 2)
                        .append("\r\n");
                String ex = LOCAL.format(start.atZone(zone).plusWeeks(1));
                sb.append("EXDATE;TZID=").append(tzid).append(':').append(ex).append("\r\n");
            }
            sb.append("END:VEVENT\r\n");
            if (series) {
                // The third instance, by wall clock (two weeks on, across any DST change), moved two hours later.
                String rid = LOCAL.format(start.atZone(zone).plusWeeks(2));
                String moved = LOCAL.format(start.atZone(zone).plusWeeks(2).plusHours(2));
                String movedEnd = LOCAL.format(start.atZone(zone).plusWeeks(2).plusHours(3));
                sb.append("BEGIN:VEVENT\r\nUID:").append(uid).append("\r\nRECURRENCE-ID;TZID=").append(tzid)
                        .append(':').append(rid).append("\r\nDTSTART;TZID=").append(tzid).append(':').append(moved)
                        .append("\r\nDTEND;TZID=").append(tzid).append(':').append(movedEnd)
                        .append("\r\nSUMMARY:Planning session (moved)\r\nLOCATION:").append(roomUrl)
                        .append("\r\nEND:VEVENT\r\n");
            }
        }
        sb.append("END:VCALENDAR\r\n");
        return sb.toString();
    }
}
