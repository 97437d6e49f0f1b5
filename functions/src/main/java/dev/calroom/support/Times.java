package dev.calroom.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Instants as fixed-width UTC text, so that stored times sort as strings. */
public final class Times {

    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** {@code 2026-11-22T10:00:00.000Z}. */
    public static String sortable(Instant t) {
        return SORTABLE.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    public static Instant parse(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
