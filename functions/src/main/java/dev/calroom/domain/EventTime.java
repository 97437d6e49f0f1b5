package dev.calroom.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A point in time as a calendar states it: a zoned instant (shown with the offset in force in the event's zone), an
 * all-day date, or a floating local time (no zone; {@link #instant()} places it in the zone the reader was given).
 */
public sealed interface EventTime {

    /** The instant used for ordering, windows and meeting slots. */
    Instant instant();

    /** ISO-8601 text: offset date-time (or Z), {@code YYYY-MM-DD}, or a local date-time without offset. */
    String iso();

    record Zoned(Instant instant, ZoneOffset offset) implements EventTime {
        @Override
        public String iso() {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(offset));
        }
    }

    record AllDay(LocalDate date, Instant instant) implements EventTime {
        @Override
        public String iso() {
            return date.toString();
        }
    }

    record Floating(LocalDateTime local, Instant instant) implements EventTime {
        @Override
        public String iso() {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local);
        }
    }
}
