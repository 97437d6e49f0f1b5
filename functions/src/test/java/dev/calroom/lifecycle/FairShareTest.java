package dev.calroom.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FairShareTest {

    private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void oneRoomWithHundredsDue_cannotTakeAWholeRunFromTheOthers() {
        List<DueMeeting> due = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            due.add(new DueMeeting("flood", "m" + i, T.plusSeconds(i))); // the oldest, by far
        }
        due.add(new DueMeeting("team", "standup", T.plusSeconds(1000)));
        due.add(new DueMeeting("sales", "demo", T.plusSeconds(1001)));
        List<DueMeeting> run = LifecycleService.fairShare(due, 200);
        assertEquals(200, run.size());
        assertTrue(run.stream().anyMatch(d -> d.room().equals("team")));
        assertTrue(run.stream().anyMatch(d -> d.room().equals("sales")));
        assertEquals(List.of("flood", "team", "sales", "flood", "flood"),
                run.subList(0, 5).stream().map(DueMeeting::room).toList(), "round-robin, each room's oldest first");
        assertEquals("m0", run.get(0).meetingId());
        assertEquals("m1", run.get(3).meetingId());
    }

    @Test
    void fewerDueThanTheRunTakes_areAllTaken() {
        List<DueMeeting> due = List.of(new DueMeeting("a", "1", T), new DueMeeting("a", "2", T),
                new DueMeeting("b", "3", T));
        assertEquals(3, LifecycleService.fairShare(due, 200).size());
    }
}
