package dev.calroom.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ISO text of event times is what java.time's ISO formatters write, for every year, offset and precision. */
class EventTimeTest {

    private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(1),
            ZoneOffset.ofHoursMinutes(-9, -30), ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHoursMinutesSeconds(0,
                    -25, -21), ZoneOffset.MAX, ZoneOffset.MIN);

    @Test
    void iso_isWhatTheIsoFormattersWrite_atRandomAndEdgeTimes() {
        Random random = new Random(1124);
        for (int i = 0; i < 50_000; i++) {
            // From year -2000 to 12000, whole seconds mostly, some with a fraction.
            long seconds = -125_000_000_000L + (long) (random.nextDouble() * 440_000_000_000L);
            int nano = random.nextInt(5) == 0 ? random.nextInt(1_000_000_000) : 0;
            check(Instant.ofEpochSecond(seconds, nano), OFFSETS.get(random.nextInt(OFFSETS.size())));
        }
        for (String edge : List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "-0001-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z", "2026-11-24T09:00:00Z", "2026-11-24T09:00:00.5Z", "2026-11-24T09:00:00.000001Z")) {
            for (ZoneOffset offset : OFFSETS) {
                check(Instant.parse(edge), offset);
            }
        }
    }

    private static void check(Instant instant, ZoneOffset offset) {
        assertEquals(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(offset)),
                new EventTime.Zoned(instant, offset).iso(), instant + " " + offset);
        LocalDateTime local = LocalDateTime.ofInstant(instant, offset);
        assertEquals(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local), new EventTime.Floating(local, instant).iso(),
                local.toString());
    }
}
