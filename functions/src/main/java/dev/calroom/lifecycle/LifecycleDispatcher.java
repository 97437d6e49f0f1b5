package dev.calroom.lifecycle;

import dev.calroom.support.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The every-minute lifecycle schedule. While one run can take every due meeting it does the work itself
 * ({@link LifecycleService#runDue}); when more are due, it fans out: each due meeting is claimed up to a dispatch
 * mark {@code redispatchAfter} ahead (the claim every run makes, so no other run picks it up meanwhile) and queued
 * for the lifecycle workers, which claim it at that mark. A message that cannot be sent gives the meeting its due
 * time back; one that is lost leaves the meeting due again at the mark.
 */
public final class LifecycleDispatcher {

    static final int MARK_CONCURRENCY = 32;

    private final LifecycleService service;
    private final LifecycleStore store;
    private final LifecycleQueue queue;
    private final int maxMeetingsPerRun;
    private final int maxDispatch;
    private final Duration redispatchAfter;
    private final Clock clock;

    /** @param queue null when the deployment has none: every run works inline */
    public LifecycleDispatcher(LifecycleService service, LifecycleStore store, LifecycleQueue queue,
                               int maxMeetingsPerRun, int maxDispatch, Duration redispatchAfter, Clock clock) {
        this.service = service;
        this.store = store;
        this.queue = queue;
        this.maxMeetingsPerRun = maxMeetingsPerRun;
        this.maxDispatch = maxDispatch;
        this.redispatchAfter = redispatchAfter;
        this.clock = clock;
    }

    public LifecycleDispatch run(Duration budget) {
        if (queue == null) {
            LifecycleRunSummary s = service.runDue(budget, maxMeetingsPerRun);
            return new LifecycleDispatch(s.due(), s, 0, 0);
        }
        Instant now = clock.instant();
        List<DueMeeting> due = store.due(now, maxDispatch);
        if (due.size() <= maxMeetingsPerRun) {
            LifecycleRunSummary s = service.runDue(budget, maxMeetingsPerRun);
            return new LifecycleDispatch(s.due(), s, 0, 0);
        }
        Instant mark = now.plus(redispatchAfter).truncatedTo(ChronoUnit.MILLIS);
        List<DueMeeting[]> marked = markAll(due, mark);
        List<DueMeeting> toSend = new ArrayList<>(marked.size());
        marked.forEach(pair -> toSend.add(pair[1]));
        List<DueMeeting> failed = toSend.isEmpty() ? List.of() : queue.send(toSend);
        for (DueMeeting f : failed) {
            for (DueMeeting[] pair : marked) {
                if (pair[1] == f) {
                    try {
                        store.claim(f, pair[0].nextActionAt());
                    } catch (RuntimeException e) {
                        Log.warn("lifecycle dispatch mark not taken back; the meeting is due again at the mark",
                                "room", f.room(), "meetingId", f.meetingId(), "error", e.getMessage());
                    }
                }
            }
        }
        Log.info("lifecycle dispatch finished", "due", due.size(), "queued", toSend.size() - failed.size(),
                "sendFailures", failed.size());
        return new LifecycleDispatch(due.size(), null, toSend.size() - failed.size(), failed.size());
    }

    /** Claims each due meeting up to the mark, in parallel; pairs of (as read, as queued) for those claimed. */
    private List<DueMeeting[]> markAll(List<DueMeeting> due, Instant mark) {
        Semaphore permits = new Semaphore(MARK_CONCURRENCY);
        List<Future<DueMeeting[]>> futures = new ArrayList<>(due.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DueMeeting d : due) {
                permits.acquireUninterruptibly();
                futures.add(executor.submit(() -> {
                    try {
                        return store.claim(d, mark).isPresent()
                                ? new DueMeeting[] {d, new DueMeeting(d.room(), d.meetingId(), mark)} : null;
                    } catch (RuntimeException e) {
                        Log.warn("meeting not dispatched; it stays due", "room", d.room(), "meetingId",
                                d.meetingId(), "error", e.getMessage());
                        return null;
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<DueMeeting[]> out = new ArrayList<>();
            for (Future<DueMeeting[]> f : futures) {
                try {
                    DueMeeting[] pair = f.get();
                    if (pair != null) {
                        out.add(pair);
                    }
                } catch (Exception e) {
                    // logged in the task
                }
            }
            return out;
        }
    }
}
