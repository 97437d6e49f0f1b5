package dev.calroom.tools;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.function.Supplier;

/** A --from/--to value: an ISO date-time with offset or Z, a local date-time or a date (local ones in a zone). */
final class TimeArgument {

    private TimeArgument() {
    }

    static Instant parse(String option, String value, ZoneId zone) throws UsageException {
        return parse(option, value, () -> zone);
    }

    /** As {@link #parse(String, String, ZoneId)}, asking for the zone only when the value is local. */
    static Instant parse(String option, String value, Supplier<ZoneId> zone) throws UsageException {
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException ignored) {
            // not an offset date-time
        }
        try {
            return LocalDateTime.parse(v).atZone(zone.get()).toInstant();
        } catch (DateTimeException ignored) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(v).atStartOfDay(zone.get()).toInstant();
        } catch (DateTimeException e) {
            throw new UsageException(option + " '" + value + "' is not an ISO-8601 date-time (with offset or Z), "
                    + "local date-time or date");
        }
    }
}
