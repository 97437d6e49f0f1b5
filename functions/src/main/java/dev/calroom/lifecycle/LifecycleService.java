package dev.calroom.lifecycle;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingPolicy;
import dev.calroom.meetings.VideoParticipant;
import dev.calroom.meetings.VideoProvider;
import dev.calroom.meetings.VideoProviderException;
import dev.calroom.meetings.VideoRoomKeeper;
import dev.calroom.support.Log;
import dev.calroom.sync.MeetingStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Drives every meeting from scheduled to ended, one due meeting at a time:
 * <ul>
 *   <li>a calendar meeting's video room is created {@link MeetingPolicy#prepareLead()} before it starts;</li>
 *   <li>an active meeting is never closed while the video provider reports anyone in it: while people stay past
 *       the hard end, the hard end and the room's expiry move on in steps;</li>
 *   <li>it closes {@link MeetingPolicy#emptyGrace()} after the last participant left, and a meeting nobody joined
 *       closes {@link MeetingPolicy#noShowGrace()} after its end (unscheduled: {@link MeetingPolicy#adhocNoShow()}
 *       after its start);</li>
 *   <li>the video room of an ended or cancelled meeting is deleted; what cannot be deleted now is retried.</li>
 * </ul>
 * Presence from webhooks is checked against the provider before any close and every few minutes while a meeting is
 * active, so a missed webhook neither keeps a meeting open forever nor closes it under people. Due meetings come
 * from the due index; each is claimed with a conditional write, so overlapping runs never work on one meeting.
 */
public final class LifecycleService {

    /** How long a run holds a claimed meeting. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** How often an active meeting's presence is checked against the provider. */
    static final Duration RECONCILE_EVERY = Duration.ofMinutes(5);
    /** When a provider call fails, the meeting is looked at again after this. */
    static final Duration RETRY = Duration.ofMinutes(1);

    private final LifecycleStore store;
    private final VideoProvider video;
    private final MeetingPolicy policy;
    private final VideoRoomKeeper videoRooms;
    private final Clock clock;

    public LifecycleService(LifecycleStore store, MeetingStore meetings, VideoProvider video, MeetingPolicy policy,
                            String videoRoomPrefix, Clock clock) {
        this.store = store;
        this.video = video;
        this.policy = policy;
        this.videoRooms = new VideoRoomKeeper(meetings, video, videoRoomPrefix);
        this.clock = clock;
    }

    /** Handles due meetings until {@code budget} is spent or {@code maxMeetings} are done. */
    public LifecycleRunSummary runDue(Duration budget, int maxMeetings) {
        return run(store.due(clock.instant(), maxMeetings * CANDIDATES_PER_SLOT), budget, maxMeetings);
    }

    /** Handles the fair share of {@code candidates} (read from the due index) until the budget is spent. */
    public LifecycleRunSummary run(List<DueMeeting> candidates, Duration budget, int maxMeetings) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<DueMeeting> due = fairShare(candidates, maxMeetings);
        Counters c = new Counters();
        int handled = 0;
        for (DueMeeting d : due) {
            if (System.nanoTime() >= deadline) {
                break;
            }
            handled++;
            try {
                handle(d, c);
            } catch (VideoProviderException e) {
                c.failures++;
                Log.warn("lifecycle step waits for the video provider; tried again next run", "room", d.room(),
                        "meetingId", d.meetingId(), "error", e.getMessage());
            } catch (RuntimeException e) {
                c.failures++;
                Log.error("lifecycle step failed; the meeting is tried again next run", e, "room", d.room(),
                        "meetingId", d.meetingId());
            }
        }
        return new LifecycleRunSummary(candidates.size(), handled, c.created, c.ended, c.deleted, c.extended,
                c.failures, candidates.size() - handled);
    }

    /**
     * Handles meetings a lifecycle dispatch queued, one after another, within {@code budget}. Each is claimed at
     * the dispatch mark it was sent with, so a duplicate delivery claims nothing. A step the video provider failed
     * is rescheduled a minute on, as in a scheduled run, and counts as handled. Returns the meetings that were not
     * handled: the claim itself failed (the queue delivers them again), or the budget ran out.
     */
    public QueuedLifecycleRun handleQueued(List<DueMeeting> meetings, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        Counters c = new Counters();
        List<DueMeeting> notHandled = new java.util.ArrayList<>();
        int handled = 0;
        for (DueMeeting d : meetings) {
            if (System.nanoTime() >= deadline) {
                notHandled.add(d);
                continue;
            }
            Optional<Meeting> claimed;
            // One "now" for the claim and the step: the step's writes require the lease the claim set.
            Instant now = clock.instant();
            try {
                claimed = store.claim(d, now.plus(LEASE));
            } catch (RuntimeException e) {
                Log.error("queued lifecycle step could not claim its meeting; the queue delivers it again", e,
                        "room", d.room(), "meetingId", d.meetingId());
                notHandled.add(d);
                continue;
            }
            if (claimed.isEmpty()) {
                continue;
            }
            handled++;
            try {
                work(claimed.get(), now, c);
            } catch (VideoProviderException e) {
                c.failures++;
                Log.warn("lifecycle step waits for the video provider; tried again in a minute", "room", d.room(),
                        "meetingId", d.meetingId(), "error", e.getMessage());
            } catch (RuntimeException e) {
                c.failures++;
                Log.error("lifecycle step failed; the meeting is tried again in a minute", e, "room", d.room(),
                        "meetingId", d.meetingId());
            }
        }
        return new QueuedLifecycleRun(new LifecycleRunSummary(meetings.size(), handled, c.created, c.ended,
                c.deleted, c.extended, c.failures, notHandled.size()), notHandled);
    }

    /** How many due meetings a run looks at per meeting it may handle, to share the run between rooms. */
    static final int CANDIDATES_PER_SLOT = 4;

    /**
     * A run's share for each room: the due meetings taken round-robin by room (each room's oldest first), so one
     * room with hundreds of meetings due cannot take a whole run from the others.
     */
    static List<DueMeeting> fairShare(List<DueMeeting> due, int max) {
        java.util.Map<String, java.util.ArrayDeque<DueMeeting>> byRoom = new java.util.LinkedHashMap<>();
        for (DueMeeting d : due) {
            byRoom.computeIfAbsent(d.room(), k -> new java.util.ArrayDeque<>()).add(d);
        }
        List<DueMeeting> out = new java.util.ArrayList<>(Math.min(max, due.size()));
        while (out.size() < max && !byRoom.isEmpty()) {
            var rooms = byRoom.values().iterator();
            while (rooms.hasNext() && out.size() < max) {
                java.util.ArrayDeque<DueMeeting> q = rooms.next();
                out.add(q.poll());
                if (q.isEmpty()) {
                    rooms.remove();
                }
            }
        }
        return out;
    }

    /** What one run did; a run handles its meetings one after another. */
    private static final class Counters {
        int created;
        int ended;
        int deleted;
        int extended;
        int failures;
    }

    private void handle(DueMeeting d, Counters c) {
        Instant now = clock.instant();
        Instant lease = now.plus(LEASE);
        Optional<Meeting> claimed = store.claim(d, lease);
        if (claimed.isEmpty()) {
            return;
        }
        work(claimed.get(), now, c);
    }

    /** The step for a claimed meeting, its next action time written while the claim holds. */
    private void work(Meeting m, Instant now, Counters c) {
        Instant lease = now.plus(LEASE);
        Instant next;
        try {
            next = step(m, now, c);
        } catch (RuntimeException e) {
            // The provider failed: look again soon; nothing was lost.
            store.schedule(m.roomName(), m.id(), lease, now.plus(RETRY));
            throw e;
        }
        if (next != NO_CHANGE) {
            store.schedule(m.roomName(), m.id(), lease, next);
        }
    }

    /** Marks a step that already took the meeting off the index (or left it due). */
    private static final Instant NO_CHANGE = Instant.MIN;

    /** Does what is due for one meeting; returns its next action time, null when there is no more work. */
    private Instant step(Meeting m, Instant now, Counters c) {
        return switch (m.status()) {
            case ENDED, CANCELLED -> teardown(m, now, c);
            case SCHEDULED -> scheduled(m, now, c);
            case ACTIVE -> active(m, now, c);
        };
    }

    private Instant scheduled(Meeting m, Instant now, Counters c) {
        Instant closeAt = m.isCalendar() ? m.endsAt().plus(policy.noShowGrace())
                : m.startsAt().plus(policy.adhocNoShow());
        if (!now.isBefore(closeAt)) {
            if (m.videoRoom() != null) {
                List<VideoParticipant> present = video.presence(m.videoRoom().name());
                if (!present.isEmpty()) {
                    // People are in although no webhook said so: the meeting is active.
                    store.reconcilePresence(m.roomName(), m.id(), m.version(), present, now);
                    return now;
                }
            }
            return endAndTeardown(m, now, c);
        }
        Instant prepareAt = m.startsAt().minus(policy.prepareLead());
        boolean hasRoom = m.videoRoom() != null;
        if (m.isCalendar() && !hasRoom) {
            if (now.isBefore(prepareAt)) {
                return prepareAt;
            }
            hasRoom = prepare(m, now, c);
        }
        if (!hasRoom) {
            return closeAt;
        }
        if (now.isBefore(m.startsAt())) {
            return m.startsAt();
        }
        if (m.videoRoom() != null) {
            // Started, and nobody reported in: ask the provider, in case a join webhook was missed.
            List<VideoParticipant> present = video.presence(m.videoRoom().name());
            if (!present.isEmpty()) {
                store.reconcilePresence(m.roomName(), m.id(), m.version(), present, now);
                return now;
            }
        }
        Instant nextCheck = now.plus(RECONCILE_EVERY);
        return nextCheck.isBefore(closeAt) ? nextCheck : closeAt;
    }

    /** Creates the meeting's video room; true when the meeting holds it. */
    private boolean prepare(Meeting m, Instant now, Counters c) {
        boolean held = videoRooms.ensure(m, policy.hardEnd(m), now).isPresent();
        if (held) {
            c.created++;
        }
        return held;
    }

    private Instant active(Meeting m, Instant now, Counters c) {
        Meeting current = m;
        if (m.videoRoom() != null) {
            List<VideoParticipant> present = video.presence(m.videoRoom().name());
            if (present.size() != m.presence().count()) {
                Optional<Meeting> updated = store.reconcilePresence(m.roomName(), m.id(), m.version(), present, now);
                if (updated.isEmpty()) {
                    return now; // A webhook moved it meanwhile: decide again on the next run.
                }
                current = updated.get();
            }
        }
        if (current.presence().count() == 0) {
            Instant closeAt = emptySince(current).plus(policy.emptyGrace());
            return now.isBefore(closeAt) ? closeAt : endAndTeardown(current, now, c);
        }
        Instant hardEnd = policy.hardEnd(current);
        Duration halfStep = policy.overrunStep().dividedBy(2);
        if (!now.isBefore(hardEnd.minus(halfStep)) && current.videoRoom() != null) {
            current = videoRooms.extend(current, now.plus(policy.overrunStep()), now);
            hardEnd = policy.hardEnd(current);
            c.extended++;
        }
        Instant nextExtension = hardEnd.minus(halfStep);
        Instant nextCheck = now.plus(RECONCILE_EVERY);
        return nextExtension.isBefore(nextCheck) ? nextExtension : nextCheck;
    }

    private static Instant emptySince(Meeting m) {
        if (m.presence().lastLeftAt() != null) {
            return m.presence().lastLeftAt();
        }
        return m.presence().firstJoinedAt() != null ? m.presence().firstJoinedAt() : m.startsAt();
    }

    private Instant endAndTeardown(Meeting m, Instant now, Counters c) {
        Optional<Meeting> ended = store.end(m.roomName(), m.id(), m.version(), now);
        if (ended.isEmpty()) {
            return now; // Someone joined or another writer moved it: decide again on the next run.
        }
        c.ended++;
        Log.info("meeting ended", "room", m.roomName(), "meetingId", m.id(), "status", m.status().wire());
        return teardown(ended.get(), now, c);
    }

    private Instant teardown(Meeting m, Instant now, Counters c) {
        if (m.videoRoom() == null) {
            return null;
        }
        video.deleteRoom(m.videoRoom().name());
        c.deleted++;
        if (!store.videoRoomDeleted(m.roomName(), m.id(), now)) {
            // Sync brought the meeting back while its room was being deleted: the record must not name the deleted
            // room (join would hand out tokens for it); the next join makes a new one.
            store.forgetVideoRoom(m.roomName(), m.id(), m.videoRoom().name(), now);
            Log.info("video room deleted under a meeting brought back; forgotten", "room", m.roomName(),
                    "meetingId", m.id());
        }
        return NO_CHANGE;
    }
}
