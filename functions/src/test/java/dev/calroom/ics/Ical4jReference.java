package dev.calroom.ics;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.RecurrenceId;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What plain ical4j makes of a feed: each VEVENT's {@code calculateRecurrenceSet} over the window, with the usual
 * composition every client applies on top (an override replaces the instance its RECURRENCE-ID names). Floating and
 * all-day times are read in UTC, as the reader reads them when no zone is given.
 */
final class Ical4jReference {

    static {
        System.setProperty("net.fortuna.ical4j.timezone.cache.impl", "net.fortuna.ical4j.util.MapTimeZoneCache");
        System.setProperty("net.fortuna.ical4j.timezone.update.enabled", "false");
    }

    private Ical4jReference() {
    }

    /** "uid start/end" per instance, instants in UTC, sorted. */
    static Set<String> instances(String text, Instant from, Instant to) throws Exception {
        Calendar cal = new CalendarBuilder().build(new StringReader(text));
        Period<Temporal> window = new Period<>(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        Map<String, List<Instant>> overridden = new HashMap<>();
        List<VEvent> masters = new ArrayList<>();
        Set<String> out = new TreeSet<>();
        for (VEvent e : cal.<VEvent>getComponents(Component.VEVENT)) {
            String uid = e.getUid().map(u -> u.getValue()).orElse("");
            Optional<RecurrenceId<Temporal>> rid = e.getProperty(Property.RECURRENCE_ID);
            if (rid.isPresent()) {
                overridden.computeIfAbsent(uid, k -> new ArrayList<>()).add(instant(rid.get().getDate()));
                for (Period<Temporal> p : e.<Temporal>calculateRecurrenceSet(window)) {
                    out.add(uid + " " + instant(p.getStart()) + "/" + instant(p.getEnd()));
                }
            } else {
                masters.add(e);
            }
        }
        for (VEvent e : masters) {
            String uid = e.getUid().map(u -> u.getValue()).orElse("");
            List<Instant> replaced = overridden.getOrDefault(uid, List.of());
            for (Period<Temporal> p : e.<Temporal>calculateRecurrenceSet(window)) {
                Instant start = instant(p.getStart());
                if (!replaced.contains(start)) {
                    out.add(uid + " " + start + "/" + instant(p.getEnd()));
                }
            }
        }
        return out;
    }

    static Instant instant(Temporal t) {
        return switch (t) {
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case ZonedDateTime z -> z.toInstant();
            case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
            case LocalDate d -> d.atStartOfDay().toInstant(ZoneOffset.UTC);
            default -> throw new IllegalArgumentException("unexpected temporal " + t.getClass());
        };
    }
}
