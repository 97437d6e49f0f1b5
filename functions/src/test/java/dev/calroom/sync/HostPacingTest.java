package dev.calroom.sync;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HostPacingTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void plan_spreadsOneHostsHerd_overTheWindow_atItsRate() {
        List<DueRoom> due = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            due.add(new DueRoom("g" + i, NOW.minusSeconds(30), "calendar.google.com"));
        }
        due.add(new DueRoom("other", NOW.minusSeconds(1), "cal.example.org"));
        HostPacing.Plan plan = new HostPacing(3, Duration.ofMinutes(1)).plan(due, NOW);
        List<Long> google = new ArrayList<>();
        for (HostPacing.Slot s : plan.slots()) {
            if (s.room().feedHost().equals("calendar.google.com")) {
                google.add(s.delay().toSeconds());
            } else {
                assertEquals(0, s.delay().toSeconds(), "another host is not held back by Google's herd");
            }
        }
        assertEquals(List.of(0L, 0L, 0L, 1L, 1L, 1L, 2L, 2L, 2L, 3L), google);
        assertEquals(0, plan.deferred());
    }

    @Test
    void plan_sendsEachRoomForItsOwnDueTime_andDefersWhatDoesNotFitTheWindow() {
        List<DueRoom> due = new ArrayList<>();
        due.add(new DueRoom("later", NOW.plusMillis(12_300), "h"));
        for (int i = 0; i < 5; i++) {
            due.add(new DueRoom("late" + i, NOW.plusSeconds(58), "busy"));
        }
        due.add(new DueRoom("nohost", NOW.plusSeconds(58), null));
        HostPacing.Plan plan = new HostPacing(2, Duration.ofMinutes(1)).plan(due, NOW);
        assertEquals(13, plan.slots().get(0).delay().toSeconds(), "delivered at its due time, rounded up");
        assertEquals(List.of(58L, 58L, 59L, 59L), plan.slots().subList(1, 5).stream()
                .map(s -> s.delay().toSeconds()).toList());
        assertEquals("nohost", plan.slots().get(5).room().name());
        assertEquals(1, plan.deferred(), "the fifth room on 'busy' waits for the next dispatch");
    }
}
