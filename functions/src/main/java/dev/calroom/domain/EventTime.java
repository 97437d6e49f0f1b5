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
            return isoText(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset), offset);
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
            return isoText(local, null);
        }
    }

    /**
     * {@code local} as {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME} writes it, followed by the offset as
     * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes it when there is one: written directly for the years
     * 0000-9999 at whole seconds (every calendar time), through the formatters otherwise.
     */
    private static String isoText(LocalDateTime local, ZoneOffset offset) {
        int year = local.getYear();
        if (year < 0 || year > 9999 || local.getNano() != 0) {
            return offset == null ? DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local)
                    : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(local.atOffset(offset));
        }
        String id = offset == null ? "" : offset.getId();
        StringBuilder sb = new StringBuilder(19 + id.length());
        digits(sb, year, 4).append('-');
        digits(sb, local.getMonthValue(), 2).append('-');
        digits(sb, local.getDayOfMonth(), 2).append('T');
        digits(sb, local.getHour(), 2).append(':');
        digits(sb, local.getMinute(), 2).append(':');
        digits(sb, local.getSecond(), 2);
        return sb.append(id).toString();
    }

    private static StringBuilder digits(StringBuilder sb, int value, int width) {
        for (int div = width == 4 ? 1000 : 10; div > 0; div /= 10) {
            sb.append((char) ('0' + value / div % 10));
        }
        return sb;
    }
}
