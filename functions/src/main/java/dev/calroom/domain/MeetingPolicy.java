package dev.calroom.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The timing rules of a meeting's life.
 *
 * @param earlyJoin       how long before start a meeting can be joined
 * @param upcomingLead    how long before start a meeting is listed as upcoming
 * @param prepareLead     how long before start a calendar meeting's video room is created
 * @param emptyGrace      how long an active meeting stays open after the last participant leaves
 * @param noShowGrace     how long after its scheduled end a calendar meeting nobody joined stays open
 * @param adhocNoShow     how long an unscheduled meeting nobody joined stays open
 * @param adhocMax        the longest an unscheduled meeting lasts, unless people are still in it
 * @param overrunStep     how far the hard end moves on while people are in a meeting near its hard end
 */
public record MeetingPolicy(Duration earlyJoin, Duration upcomingLead, Duration prepareLead, Duration emptyGrace,
                            Duration noShowGrace, Duration adhocNoShow, Duration adhocMax, Duration overrunStep) {

    public static MeetingPolicy defaults() {
        return new MeetingPolicy(Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(5),
                Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(8),
                Duration.ofMinutes(30));
    }

    public Instant joinableAt(Meeting m) {
        return m.isCalendar() ? m.startsAt().minus(earlyJoin) : m.startsAt();
    }

    /** When the meeting's video room closes to joins unless extended. */
    public Instant hardEnd(Meeting m) {
        if (m.hardEndAt() != null) {
            return m.hardEndAt();
        }
        return m.isCalendar() ? m.endsAt().plus(noShowGrace) : m.startsAt().plus(adhocMax);
    }

    /**
     * The hard end an active meeting needs at {@code now}: unchanged while it is more than one step away, else one
     * step past now. People in a call that runs over can always get back in.
     */
    public Instant hardEndFor(Meeting m, Instant now) {
        Instant current = hardEnd(m);
        if (m.status() == MeetingStatus.ACTIVE && current.isBefore(now.plus(overrunStep))) {
            return now.plus(overrunStep);
        }
        return current;
    }

    /** Whether join must refuse the meeting as over: ended, cancelled, or scheduled and past its hard end. */
    public boolean closedToJoin(Meeting m, Instant now) {
        if (m.isOver()) {
            return true;
        }
        return m.status() == MeetingStatus.SCHEDULED && !now.isBefore(hardEnd(m));
    }
}
