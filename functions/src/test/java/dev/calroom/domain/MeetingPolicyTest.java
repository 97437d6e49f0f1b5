package dev.calroom.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeetingPolicyTest {

    static final Instant START = Instant.parse("2026-11-23T09:00:00Z");
    final MeetingPolicy policy = MeetingPolicy.defaults();

    Meeting calendar(MeetingStatus status) {
        Meeting m = Meeting.calendar("id", "team", "t", START, START.plus(Duration.ofMinutes(30)), Set.of(), null,
                null, List.of());
        return new Meeting(m.id(), m.roomName(), m.title(), m.startsAt(), m.endsAt(), status, m.source(), m.sources(),
                m.version(), null, null, List.of(), Presence.EMPTY, null, null, null, null, null);
    }

    @Test
    void aScheduledMeetingNobodyJoined_closesToJoin30MinutesAfterItsEnd() {
        Meeting m = calendar(MeetingStatus.SCHEDULED);
        assertEquals(START.plus(Duration.ofMinutes(60)), policy.hardEnd(m));
        assertFalse(policy.closedToJoin(m, START.plus(Duration.ofMinutes(59))));
        assertTrue(policy.closedToJoin(m, START.plus(Duration.ofMinutes(60))));
    }

    @Test
    void anActiveMeeting_isNeverClosedToJoin_andItsHardEndMovesOnNearTheEnd() {
        Meeting m = calendar(MeetingStatus.ACTIVE);
        Instant late = START.plus(Duration.ofHours(3));
        assertFalse(policy.closedToJoin(m, late));
        assertEquals(late.plus(Duration.ofMinutes(30)), policy.hardEndFor(m, late));
        assertEquals(policy.hardEnd(m), policy.hardEndFor(m, START), "far from the end nothing moves");
    }

    @Test
    void earlyJoin_movesJoinableAtForCalendarMeetingsOnly() {
        MeetingPolicy early = new MeetingPolicy(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(5),
                Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(8),
                Duration.ofMinutes(30));
        assertEquals(START.minus(Duration.ofMinutes(5)), early.joinableAt(calendar(MeetingStatus.SCHEDULED)));
        Meeting adhoc = new Meeting("a", "team", null, START, START.plus(Duration.ofHours(8)),
                MeetingStatus.SCHEDULED, Meeting.SOURCE_ADHOC, Set.of(), 1, null, null, List.of(), Presence.EMPTY,
                null, null, null, "u", null);
        assertEquals(START, early.joinableAt(adhoc));
        assertTrue(policy.closedToJoin(calendar(MeetingStatus.CANCELLED), START));
        assertTrue(policy.closedToJoin(calendar(MeetingStatus.ENDED), START));
    }
}
