package dev.calroom.lifecycle;

import dev.calroom.support.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
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
            LifecycleRunSummary s = service.run(due, budget, maxMeetingsPerRun);
            return new LifecycleDispatch(s.due(), s, 0, 0);
        }
        Instant mark = now.plus(redispatchAfter).truncatedTo(ChronoUnit.MILLIS);
        Map<DueMeeting, DueMeeting> readAs = new IdentityHashMap<>();
        for (Marked m : markAll(due, mark)) {
            readAs.put(m.queued(), m.read());
        }
        List<DueMeeting> toSend = new ArrayList<>(readAs.keySet());
        List<DueMeeting> failed = toSend.isEmpty() ? List.of() : queue.send(toSend);
        for (DueMeeting f : failed) {
            // Not sent: give the meeting its due time back (a claim from the mark to the time it was read at).
            try {
                store.claim(f, readAs.get(f).nextActionAt());
            } catch (RuntimeException e) {
                Log.error("lifecycle dispatch mark not taken back; the meeting is due again at the mark", e,
                        "room", f.room(), "meetingId", f.meetingId());
            }
        }
        Log.info("lifecycle dispatch finished", "due", due.size(), "queued", toSend.size() - failed.size(),
                "sendFailures", failed.size());
        return new LifecycleDispatch(due.size(), null, toSend.size() - failed.size(), failed.size());
    }

    /** A due meeting as the index listed it, and as it was queued (at its mark). */
    private record Marked(DueMeeting read, DueMeeting queued) {
    }

    /** Claims each due meeting up to the mark, in parallel; the ones claimed. */
    private List<Marked> markAll(List<DueMeeting> due, Instant mark) {
        Semaphore permits = new Semaphore(MARK_CONCURRENCY);
        List<Future<Marked>> futures = new ArrayList<>(due.size());
        String correlationId = Log.correlationId();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DueMeeting d : due) {
                permits.acquireUninterruptibly();
                futures.add(executor.submit(() -> {
                    Log.correlationId(correlationId);
                    try {
                        return store.claim(d, mark).isPresent()
                                ? new Marked(d, new DueMeeting(d.room(), d.meetingId(), mark)) : null;
                    } catch (RuntimeException e) {
                        Log.error("meeting not dispatched; it stays due", e, "room", d.room(), "meetingId",
                                d.meetingId());
                        return null;
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<Marked> out = new ArrayList<>();
            for (Future<Marked> f : futures) {
                try {
                    Marked m = f.get();
                    if (m != null) {
                        out.add(m);
                    }
                } catch (ExecutionException e) {
                    // the task logs its own failures
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return out;
        }
    }
}
