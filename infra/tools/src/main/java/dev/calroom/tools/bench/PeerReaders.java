package dev.calroom.tools.bench;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.util.com.google.ical.compat.javautil.DateIterator;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.Date;
import java.util.TimeZone;

/**
 * Other libraries reading a feed and expanding its events over a window, each in its plain documented use, for the
 * benchmark's side-by-side figures: ical4j ({@code CalendarBuilder} + {@code VEvent.calculateRecurrenceSet}) and
 * biweekly ({@code Biweekly.parse} + {@code VEvent.getDateIterator}). Each answers the occurrences it found.
 *
 * <p>{@code main} runs one of them as a whole process, as {@code preview} runs:
 * {@code PeerReaders ical4j|biweekly FILE FROM TO}.
 */
public final class PeerReaders {

    private PeerReaders() {
    }

    public static int ical4j(String feed, Instant from, Instant to) throws Exception {
        Calendar cal = new CalendarBuilder().build(new StringReader(feed));
        Period<Temporal> window = new Period<>(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        int n = 0;
        for (net.fortuna.ical4j.model.component.VEvent e
                : cal.<net.fortuna.ical4j.model.component.VEvent>getComponents(Component.VEVENT)) {
            n += e.<Temporal>calculateRecurrenceSet(window).size();
        }
        return n;
    }

    public static int biweekly(String feed, Instant from, Instant to) {
        ICalendar cal = Biweekly.parse(feed).first();
        TimeZone utc = TimeZone.getTimeZone("UTC");
        Date start = Date.from(from);
        Date end = Date.from(to);
        int n = 0;
        for (VEvent e : cal.getEvents()) {
            if (e.getDateStart() == null) {
                continue;
            }
            long length = e.getDateEnd() != null ? e.getDateEnd().getValue().getTime()
                    - e.getDateStart().getValue().getTime() : 0;
            DateIterator it = e.getDateIterator(utc);
            it.advanceTo(new Date(start.getTime() - length));
            while (it.hasNext()) {
                Date d = it.next();
                if (!d.before(end)) {
                    break;
                }
                if (d.getTime() + length > start.getTime()) {
                    n++;
                }
            }
        }
        return n;
    }

    public static void main(String[] args) throws Exception {
        String feed = Files.readString(Path.of(args[1]));
        Instant from = Instant.parse(args[2]);
        Instant to = Instant.parse(args[3]);
        int n = args[0].equals("ical4j") ? ical4j(feed, from, to) : biweekly(feed, from, to);
        System.out.println(n);
    }
}
