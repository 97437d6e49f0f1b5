package dev.calroom.tools.local;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The demo room's calendar, relative to the stack's clock: a meeting a few minutes from now, the same booking again
 * under another UID (as aggregated feeds carry it), a meeting later today, and a weekly series.
 */
final class DemoFeed {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private DemoFeed() {
    }

    static String ics(Instant created, String roomUrl) {
        Instant base = created.truncatedTo(ChronoUnit.MINUTES);
        Instant soon = base.plus(Duration.ofMinutes(3));
        Instant later = base.plus(Duration.ofMinutes(45));
        Instant weekly = base.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calroom//local demo//EN\r\n"
                + event("demo-standup@calroom.local", soon, Duration.ofMinutes(15), "Stand-up", roomUrl, null)
                + event("cal-com-7f3a@cal.com", soon, Duration.ofMinutes(15), "Stand-up (Cal.com copy)", roomUrl, null)
                + event("demo-review@calroom.local", later, Duration.ofMinutes(30), "Design review", roomUrl, null)
                + event("demo-weekly@calroom.local", weekly, Duration.ofMinutes(30), "Weekly planning", roomUrl,
                "FREQ=WEEKLY;COUNT=10")
                + "END:VCALENDAR\r\n";
    }

    private static String event(String uid, Instant start, Duration length, String title, String roomUrl,
                                String rrule) {
        return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:" + UTC.format(start) + "\r\nDTSTART:" + UTC.format(start)
                + "\r\nDTEND:" + UTC.format(start.plus(length)) + "\r\nSUMMARY:" + title + "\r\nLOCATION:" + roomUrl
                + "\r\nATTENDEE;CN=Ada:mailto:ada@example.com\r\n"
                + (rrule == null ? "" : "RRULE:" + rrule + "\r\n") + "END:VEVENT\r\n";
    }
}
