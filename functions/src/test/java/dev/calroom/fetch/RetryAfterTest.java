package dev.calroom.fetch;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void parse_readsDelaySeconds_andHttpDates() {
        assertEquals(NOW.plusSeconds(120), RetryAfter.parse(" 120 ", NOW));
        assertEquals(NOW, RetryAfter.parse("0", NOW));
        assertEquals(Instant.parse("1994-11-06T08:49:37Z"), RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW));
    }

    @Test
    void parse_ignoresWhatItCannotRead_andBoundsHugeDelays() {
        assertNull(RetryAfter.parse(null, NOW));
        assertNull(RetryAfter.parse("", NOW));
        assertNull(RetryAfter.parse("-5", NOW));
        assertNull(RetryAfter.parse("soon", NOW));
        assertNull(RetryAfter.parse("1.5", NOW));
        assertEquals(NOW.plusSeconds(366L * 24 * 3600), RetryAfter.parse("99999999999999999999999", NOW));
    }
}
