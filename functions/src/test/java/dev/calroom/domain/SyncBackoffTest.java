package dev.calroom.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncBackoffTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration FIVE = Duration.ofMinutes(5);

    @Test
    void next_doublesTheIntervalPerFailureInARow_upToTwelveIntervals() {
        long[] expectedMinutes = {5, 5, 10, 20, 40, 60, 60, 60};
        for (int failures = 0; failures < expectedMinutes.length; failures++) {
            assertEquals(NOW.plus(Duration.ofMinutes(expectedMinutes[failures])),
                    SyncBackoff.next(NOW, FIVE, failures, null), failures + " failures");
        }
        assertEquals(NOW.plus(Duration.ofMinutes(60)), SyncBackoff.next(NOW, FIVE, Integer.MAX_VALUE, null));
    }

    @Test
    void next_honoursRetryAfter_butNeverBeyondTwelveIntervals() {
        assertEquals(NOW.plus(Duration.ofMinutes(30)),
                SyncBackoff.next(NOW, FIVE, 1, NOW.plus(Duration.ofMinutes(30))));
        assertEquals(NOW.plus(Duration.ofMinutes(60)),
                SyncBackoff.next(NOW, FIVE, 1, NOW.plus(Duration.ofDays(3650))), "capped");
        assertEquals(NOW.plus(Duration.ofMinutes(40)),
                SyncBackoff.next(NOW, FIVE, 4, NOW.plusSeconds(10)), "a shorter Retry-After keeps the backoff");
    }

    @Test
    void explain_saysWhyTheRoomWaits_onlyWhenItWaitsLongerThanItsInterval() {
        assertNull(SyncBackoff.explain(0, FIVE, NOW, NOW.plus(FIVE)));
        assertNull(SyncBackoff.explain(1, FIVE, NOW, NOW.plus(FIVE)));
        String why = SyncBackoff.explain(3, FIVE, NOW, NOW.plus(Duration.ofMinutes(20)));
        assertTrue(why.startsWith("the feed failed 3 times in a row; calroom waits 20 minutes instead of 5 minutes"),
                why);
    }
}
